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
