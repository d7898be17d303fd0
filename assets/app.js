/* Progressive enhancement only: every page works without this file. */
"use strict";
document.addEventListener("submit", function (event) {
	/* A slow phone tempts a second tap: keep a form from being sent twice. */
	var form = event.target;
	if (form.dataset.sent) {
		event.preventDefault();
		return;
	}
	form.dataset.sent = "1";
	var buttons = form.querySelectorAll("button[type=submit]");
	for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
});

/* Search as you type: fetch only the results, replace them in place. The
 * form still works by submitting when this script does not run. */
(function () {
	var input = document.querySelector("input[data-live-search]");
	if (!input || !window.fetch) return;
	var target = document.getElementById(input.getAttribute("data-live-search"));
	var timer = null, seq = 0;
	function refresh() {
			var form = input.form, params = new URLSearchParams(new FormData(form));
			params.set("partial", "1");
			var mine = ++seq;
			fetch(form.action + "?" + params.toString(), { credentials: "same-origin" })
				.then(function (r) { return r.ok ? r.text() : null; })
				.then(function (html) {
					if (html === null || mine !== seq) return;
					target.innerHTML = html; /* our own escaped markup, same origin */
					params.delete("partial");
					history.replaceState(null, "", form.action + "?" + params.toString());
				});
	}
	input.addEventListener("input", function () {
		clearTimeout(timer);
		timer = setTimeout(refresh, 200);
	});
	/* live totals (the door): refresh now and then while nobody types */
	var every = parseInt(input.getAttribute("data-live-refresh") || "0", 10);
	if (every >= 1000)
		setInterval(function () {
			if (document.activeElement !== input || input.value === "") refresh();
		}, every);
})();

/* A mobilization's live count: fetch the counts again every few seconds
 * while the page is visible. Without this script, refreshing the page
 * shows the same counts. */
(function () {
	var box = document.querySelector("[data-live-poll]");
	if (!box || !window.fetch) return;
	var url = box.getAttribute("data-live-poll");
	if (url.charAt(0) !== "/" || url.charAt(1) === "/") return;
	setInterval(function () {
		if (document.hidden) return;
		fetch(url, { credentials: "same-origin" })
			.then(function (r) { return r.ok ? r.text() : null; })
			.then(function (html) {
				if (html !== null) box.innerHTML = html; /* our own escaped markup, same origin */
			})
			.catch(function () {});
	}, 4000);
})();
