/* Where messages go: transports and their credentials, from the
 * environment first, then the staff settings page (settings table keys
 * "messaging.*", passwords sealed), then defaults (the file transport
 * into DATA/outbox).
 *
 *   SANCTUARY_SMTP_URL       smtp://host:587 (STARTTLS) or smtps://host:465; empty: file
 *   SANCTUARY_SMTP_USER, SANCTUARY_SMTP_PASSWORD
 *   SANCTUARY_SMTP_CA        a PEM file: the only CAs trusted for the mail relay (a group's
 *                            own relay with a private CA), instead of the system's; set,
 *                            the relay must offer STARTTLS (or be smtps://)
 *   SANCTUARY_MAIL_FROM      sender address (default noreply@localhost)
 *   SANCTUARY_SMS_URL        Twilio-style Messages endpoint; empty: file
 *   SANCTUARY_SMS_USER, SANCTUARY_SMS_PASSWORD   basic auth (account SID, auth token)
 *   SANCTUARY_SMS_FROM       our number, E.164
 *   SANCTUARY_PUBLIC_URL     https://our.site, for unsubscribe links and callbacks
 *   SANCTUARY_SMS_WEBHOOK_SECRET  the key= of the webhook URLs (default: derived from the data key)
 *   SANCTUARY_OUTBOX_DIR     the file transport's folder (default DATA/outbox)
 *   SANCTUARY_MAX_ATTEMPTS   tries before a message is dead (8)
 *   SANCTUARY_RETRY_BASE, SANCTUARY_RETRY_CAP   backoff in seconds (30, 3600)
 *   SANCTUARY_QUIET_HOURS    e.g. "21:00-08:00" in the group's time zone; "off" (the default) */
#ifndef SANCTUARY_MESSAGING_CONFIG_H
#define SANCTUARY_MESSAGING_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

struct db;

struct messaging_config {
	char smtp_url[512], smtp_user[256], smtp_password[256];
	char smtp_ca[1024];  /* environment only: a path on the server, not a web setting */
	char mail_from[256], from_name[128];
	char sms_url[512], sms_user[256], sms_password[256], sms_from[32];
	char public_url[256];
	char outbox_dir[1024];
	char webhook_secret[80];
	int max_attempts;
	int quiet_start, quiet_end;  /* minutes after local midnight; equal: none */
	int64_t retry_base, retry_cap;
	/* where each value came from, for the settings page */
	bool env_smtp_url, env_sms_url, env_smtp_password, env_sms_password;
};

/* Remembers the data folder (file transport) and the URL the server
 * answers on (the public URL when none is configured). */
void messaging_config_init(const char *data_dir, const char *fallback_public_url);
/* Reads settings and the environment into the shared snapshot. */
bool messaging_config_reload(struct db *db);
void messaging_config_get(struct messaging_config *out);

/* Settings keys. */
#define MSET_SMTP_URL "messaging.smtp_url"
#define MSET_SMTP_USER "messaging.smtp_user"
#define MSET_SMTP_PASSWORD "messaging.smtp_password"
#define MSET_MAIL_FROM "messaging.mail_from"
#define MSET_SMS_URL "messaging.sms_url"
#define MSET_SMS_USER "messaging.sms_user"
#define MSET_SMS_PASSWORD "messaging.sms_password"
#define MSET_SMS_FROM "messaging.sms_from"
#define MSET_PUBLIC_URL "messaging.public_url"
#define MSET_MAX_ATTEMPTS "messaging.max_attempts"
#define MSET_QUIET_HOURS "messaging.quiet_hours"

/* "HH:MM-HH:MM" into minutes; "" or "off" is no quiet hours (0, 0).
 * False when malformed. */
bool quiet_hours_parse(const char *s, int *start, int *end);
/* Sets the process's time zone to the group's (TZ) so quiet hours are in
 * local time. Call once while the process has a single thread (serve does,
 * before starting any); a changed time zone applies at the next start. */
void messaging_set_timezone(const char *tz);
/* Is it quiet hours now, in the group's time zone? */
bool messaging_quiet_now(const struct messaging_config *cfg, int64_t now);

/* Stores a password setting sealed (hex); "" clears it. */
bool messaging_put_secret(struct db *db, const char *key, const char *value);

#endif
