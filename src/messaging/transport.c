#include "messaging/transport.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "messaging/config.h"
#include "messaging/mime.h"

struct transport {
	CURL *curl;
	bool (*cancelled)(void);
	bool aborted;           /* the last transfer was stopped half-way */
	char last_reply[160];   /* SMTP: the server's last response line */
	struct buf *body;       /* HTTP: the response body */
};

static int progress_cb(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	struct transport *t = p;
	return t->cancelled && t->cancelled() ? 1 : 0;
}

/* libcurl (and the TLS library under it, a few MB once started) is only
 * started when a message first goes out by SMTP or the SMS gateway: a
 * server writing its messages to files, as the demo does, never loads it. */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static atomic_bool curl_started;

static void start_curl(void)
{
	atomic_store(&curl_started, curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

void transport_global_cleanup(void)
{
	if (atomic_load(&curl_started))
		curl_global_cleanup();
}

struct transport *transport_new(bool (*cancelled)(void))
{
	struct transport *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->cancelled = cancelled;
	return t;
}

/* The connection handle, made on first use; NULL if libcurl cannot start. */
static CURL *handle(struct transport *t)
{
	if (t->curl != NULL)
		return t->curl;
	pthread_once(&curl_once, start_curl);
	if (!atomic_load(&curl_started) || (t->curl = curl_easy_init()) == NULL)
		return NULL;
	/* a stopping server does not wait out a slow server's timeouts */
	curl_easy_setopt(t->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(t->curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(t->curl, CURLOPT_XFERINFODATA, t);
	return t->curl;
}

void transport_free(struct transport *t)
{
	if (t == NULL)
		return;
	/* cleanup says QUIT on an open SMTP connection and waits up to two
	 * minutes for the answer; after a transfer we stopped half-way (the
	 * server stalled), drop the connection instead */
	curl_socket_t fd = CURL_SOCKET_BAD;
	if (t->curl && t->aborted && curl_easy_getinfo(t->curl, CURLINFO_ACTIVESOCKET, &fd) == CURLE_OK &&
	    fd != CURL_SOCKET_BAD)
		shutdown(fd, SHUT_RDWR);
	if (t->curl)
		curl_easy_cleanup(t->curl);
	free(t);
}

const char *transport_name(const struct messaging_config *cfg, enum outbox_channel ch)
{
	if (ch == OUTBOX_EMAIL)
		return cfg->smtp_url[0] ? "smtp" : "file";
	return cfg->sms_url[0] ? "sms-http" : "file";
}

/* r->error = prefix + detail */
static void set_error(struct send_result *r, enum send_outcome o, const char *prefix, const char *detail)
{
	r->outcome = o;
	snprintf(r->error, sizeof r->error, "%s%s", prefix, detail ? detail : "");
}

static const char *domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');
	return at ? at + 1 : "localhost";
}

static char *unsubscribe_url(struct arena *a, const struct messaging_config *cfg,
                             const struct claimed *m)
{
	if (!m->bulk || cfg->public_url[0] == '\0')
		return NULL;
	return arena_printf(a, "%s/unsubscribe/%s", cfg->public_url,
	                    messages_unsubscribe_token(a, m->id));
}

static char *build_email(struct arena *a, const struct messaging_config *cfg,
                         const struct claimed *m, size_t *len)
{
	struct mail mail = {
		.from_name = cfg->from_name,
		.from_addr = cfg->mail_from,
		.to = m->to,
		.subject = m->subject,
		.body = m->body,
		.message_id = mime_message_id(a, m->key, domain_of(cfg->mail_from)),
		.unsubscribe_url = unsubscribe_url(a, cfg, m),
		.attachment_name = m->attachment_name,
		.attachment_type = m->attachment_type,
		.attachment = m->attachment,
		.attachment_len = m->attachment_len,
		.date = time(NULL),
	};
	return mime_build(a, &mail, len);
}

/* ---- file ---- */

static void file_send(const struct messaging_config *cfg, struct arena *a, const struct claimed *m,
                      struct send_result *r)
{
	if (mkdir(cfg->outbox_dir, 0700) != 0 && errno != EEXIST) {
		set_error(r, SEND_RETRY, "outbox folder: ", strerror(errno));
		return;
	}
	const char *data;
	size_t len;
	if (m->channel == OUTBOX_EMAIL) {
		data = build_email(a, cfg, m, &len);
		if (data == NULL) {
			set_error(r, SEND_FAIL, "unusable address", NULL);
			return;
		}
	} else {
		struct buf b;
		buf_init(&b, a, 256);
		buf_printf(&b, "To: %s\nFrom: %s\nIdempotency-Key: %s\n\n%s\n", m->to,
		           cfg->sms_from[0] ? cfg->sms_from : "-", m->key, m->body ? m->body : "");
		data = b.data;
		len = b.len;
	}
	const char *ext = m->channel == OUTBOX_EMAIL ? "eml" : "sms";
	char *final = arena_printf(a, "%s/message-%lld.%s", cfg->outbox_dir, (long long)m->id, ext);
	char *tmp = arena_printf(a, "%s.tmp", final);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		set_error(r, SEND_RETRY, "outbox file: ", strerror(errno));
		return;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	bool ok = off == len && close(fd) == 0;
	if (!ok || rename(tmp, final) != 0) {
		unlink(tmp);
		set_error(r, SEND_RETRY, "outbox file: ", strerror(errno));
		return;
	}
	r->outcome = SEND_OK;
	snprintf(r->provider_id, sizeof r->provider_id, "file:message-%lld.%s", (long long)m->id, ext);
}

/* ---- SMTP ---- */

struct upload {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *p)
{
	struct upload *u = p;
	size_t n = size * nmemb;
	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *p)
{
	(void)h;
	struct transport *t = p;
	if (type != CURLINFO_HEADER_IN || size < 3)
		return 0;
	size_t n = size;
	while (n > 0 && (data[n - 1] == '\r' || data[n - 1] == '\n'))
		n--;
	if (n >= sizeof t->last_reply)
		n = sizeof t->last_reply - 1;
	memcpy(t->last_reply, data, n);
	t->last_reply[n] = '\0';
	return 0;
}

static bool loopback_url(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool local = false;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host)
		local = strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 ||
		        strcmp(host, "[::1]") == 0;
	curl_free(host);
	curl_url_cleanup(u);
	return local;
}

static void smtp_send(struct transport *t, const struct messaging_config *cfg, struct arena *a,
                      const struct claimed *m, struct send_result *r)
{
	size_t len;
	char *msg = build_email(a, cfg, m, &len);
	if (msg == NULL) {
		set_error(r, SEND_FAIL, "unusable address", NULL);
		return;
	}
	CURL *c = handle(t);
	if (c == NULL) {
		set_error(r, SEND_RETRY, "smtp: libcurl did not start", NULL);
		return;
	}
	struct upload up = { msg, len, 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", m->to));
	t->last_reply[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", cfg->mail_from));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE, (long)len);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, t);
	/* STARTTLS whenever offered; required when a password would travel or
	 * the relay has a CA of its own, which is then the only one trusted.
	 * The certificate and its host name are always verified. */
	bool need_tls = (cfg->smtp_password[0] && !loopback_url(cfg->smtp_url)) || cfg->smtp_ca[0];
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(need_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	char *system_ca = NULL, *system_ca_dir = NULL;
	curl_easy_getinfo(c, CURLINFO_CAINFO, &system_ca);
	curl_easy_getinfo(c, CURLINFO_CAPATH, &system_ca_dir);
	curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp_ca[0] ? cfg->smtp_ca : system_ca);
	curl_easy_setopt(c, CURLOPT_CAPATH, cfg->smtp_ca[0] ? NULL : system_ca_dir);
	if (cfg->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
	} else {
		curl_easy_setopt(c, CURLOPT_USERNAME, NULL);
		curl_easy_setopt(c, CURLOPT_PASSWORD, NULL);
	}
	CURLcode res = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	if (res == CURLE_OK) {
		r->outcome = SEND_OK;
		/* the Message-ID, and the server's acceptance (often a queue id) */
		snprintf(r->provider_id, sizeof r->provider_id, "%.90s %.36s",
		         mime_message_id(a, m->key, domain_of(cfg->mail_from)), t->last_reply);
		return;
	}
	const char *why = errbuf[0] ? errbuf : curl_easy_strerror(res);
	if (res == CURLE_ABORTED_BY_CALLBACK) {
		t->aborted = true;
		set_error(r, SEND_UNSENT, "smtp: stopped: ", why);
		return;
	}
	if (code >= 500 && code < 600 && res != CURLE_LOGIN_DENIED) {
		/* a 5xx on RCPT is a hard bounce: that address never works */
		set_error(r, strstr(errbuf, "RCPT") ? SEND_BOUNCE : SEND_FAIL, "smtp: ", why);
		return;
	}
	set_error(r, SEND_RETRY, "smtp: ", why);
}

/* ---- SMS over HTTP (Twilio-style) ---- */

static size_t body_cb(char *ptr, size_t size, size_t nmemb, void *p)
{
	struct transport *t = p;
	size_t n = size * nmemb;
	if (t->body->len + n <= 64 * 1024)
		buf_append(t->body, ptr, n);
	return n;
}

static bool header_value_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return false;
	return true;
}

static void form_add(struct buf *b, CURL *c, const char *name, const char *value)
{
	char *e = curl_easy_escape(c, value ? value : "", 0);
	if (b->len)
		buf_putc(b, '&');
	buf_printf(b, "%s=%s", name, e ? e : "");
	curl_free(e);
}

static void sms_send(struct transport *t, const struct messaging_config *cfg, struct arena *a,
                     const struct claimed *m, struct send_result *r)
{
	CURL *c = handle(t);
	if (c == NULL) {
		set_error(r, SEND_RETRY, "sms: libcurl did not start", NULL);
		return;
	}
	struct buf form;
	buf_init(&form, a, 512);
	form_add(&form, c, "To", m->to);
	form_add(&form, c, "From", cfg->sms_from);
	form_add(&form, c, "Body", m->body);
	if (cfg->public_url[0])
		form_add(&form, c, "StatusCallback",
		         arena_printf(a, "%s/hooks/sms/status?key=%s", cfg->public_url,
		                      cfg->webhook_secret));
	/* the key as it is, or (with control characters) its bytes in hex:
	 * either way a function of the key alone */
	const char *key = m->key;
	if (!header_value_safe(key) || strlen(key) > 200) {
		size_t n = strlen(key) > 200 ? 200 : strlen(key);
		char *hex = arena_alloc(a, 2 * n + 3);
		hex[0] = 'x';
		hex[1] = '-';
		static const char digits[] = "0123456789abcdef";
		for (size_t i = 0; i < n; i++) {
			hex[2 + 2 * i] = digits[(unsigned char)key[i] >> 4];
			hex[3 + 2 * i] = digits[(unsigned char)key[i] & 15];
		}
		hex[2 + 2 * n] = '\0';
		key = hex;
	}
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, arena_printf(a, "Idempotency-Key: %s", key));
	h = curl_slist_append(h, arena_printf(a, "I-Twilio-Idempotency-Token: %s", key));
	h = curl_slist_append(h, "Accept: application/json");
	struct buf body;
	buf_init(&body, a, 512);
	t->body = &body;
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, cfg->sms_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.data);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)form.len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, body_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	if (cfg->sms_user[0]) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->sms_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->sms_password);
	}
	CURLcode res = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	t->body = NULL;
	if (res == CURLE_ABORTED_BY_CALLBACK) {
		t->aborted = true;
		set_error(r, SEND_UNSENT, "sms gateway: stopped: ", errbuf);
		return;
	}
	if (res != CURLE_OK) {
		set_error(r, SEND_RETRY, "sms gateway: ", errbuf[0] ? errbuf : curl_easy_strerror(res));
		return;
	}
	json_t *j = json_loadb(body.data, body.len, 0, NULL);
	const char *sid = j ? json_string_value(json_object_get(j, "sid")) : NULL;
	long gw_code = j ? (long)json_integer_value(json_object_get(j, "code")) : 0;
	if (code >= 200 && code < 300) {
		r->outcome = SEND_OK;
		if (sid && *sid && header_value_safe(sid))
			snprintf(r->provider_id, sizeof r->provider_id, "%s", sid);
		else
			snprintf(r->provider_id, sizeof r->provider_id, "http-%ld-%s", code, key);
	} else if (code == 429 || code >= 500 || code == 408) {
		char what[32];
		snprintf(what, sizeof what, "%ld", code);
		set_error(r, SEND_RETRY, "sms gateway: HTTP ", what);
	} else {
		char what[48];
		snprintf(what, sizeof what, "%ld (code %ld)", code, gw_code);
		/* 21610: the recipient replied STOP to the provider itself */
		set_error(r, gw_code == 21610 ? SEND_BOUNCE : SEND_FAIL, "sms gateway: HTTP ", what);
	}
	json_decref(j);
}

void transport_send(struct transport *t, const struct messaging_config *cfg, struct arena *a,
                    const struct claimed *m, struct send_result *r)
{
	memset(r, 0, sizeof *r);
	if (m->to == NULL || m->body == NULL || m->key == NULL) {
		set_error(r, SEND_FAIL, "cannot open the sealed message", NULL);
		return;
	}
	if (m->channel == OUTBOX_EMAIL && cfg->smtp_url[0])
		smtp_send(t, cfg, a, m, r);
	else if (m->channel == OUTBOX_SMS && cfg->sms_url[0])
		sms_send(t, cfg, a, m, r);
	else
		file_send(cfg, a, m, r);
}
