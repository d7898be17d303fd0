/* sanctuary serve: migrate, load, listen, and on SIGTERM/SIGINT stop
 * accepting, let requests in flight finish, then exit. A maintenance
 * thread checkpoints the WAL (so it cannot grow without bound under
 * constant readers) and runs the daily retention purge. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/router.h"
#include "http/server.h"
#include "crypto/keys.h"
#include "messaging/config.h"
#include "messaging/transport.h"
#include "messaging/worker.h"
#include "model/petition_intake.h"
#include "model/settings.h"
#include "model/retention.h"


#define MAINTENANCE_SECONDS 30

static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static bool stopping;

static void *maintenance(void *unused)
{
	(void)unused;
	int64_t last_purge = 0;
	pthread_mutex_lock(&stop_lock);
	while (!stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MAINTENANCE_SECONDS;
		pthread_cond_timedwait(&stop_cond, &stop_lock, &until);
		if (stopping)
			break;
		pthread_mutex_unlock(&stop_lock);
		struct db *db = db_thread();
		int64_t now = time(NULL);
		if (db && now - last_purge >= 24 * 3600) {
			retention_run(db, now);
			last_purge = now;
		}
		if (db)
			db_checkpoint(db);
		pthread_mutex_lock(&stop_lock);
	}
	pthread_mutex_unlock(&stop_lock);
	db_thread_close();
	return NULL;
}

/* "HOST:PORT", "[v6]:PORT" or ":PORT". */
static bool parse_listen(const char *s, char *host, size_t host_size, unsigned short *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (close == NULL || close[1] != ':')
			return false;
		snprintf(host, host_size, "%.*s", (int)(close - s - 1), s + 1);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return false;
		snprintf(host, host_size, "%.*s", (int)(colon - s), s);
		if (host[0] == '\0')
			snprintf(host, host_size, "127.0.0.1");
	}
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '\0' || p < 0 || p > 65535)
		return false;
	*port = (unsigned short)p;
	return true;
}

int cmd_serve(int argc, char **argv)
{
	const char *dir = NULL, *listen = "127.0.0.1:8080", *threads_s = NULL, *per_ip_s = NULL,
	           *timeout_s = NULL, *key_file = NULL, *smtp_url = NULL, *sms_url = NULL;
	bool trust_proxy = false, quiet = false;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--listen", "HOST:PORT", "address to listen on (127.0.0.1:8080; port 0 picks one)", false, &listen, NULL },
		{ "--threads", "N", "worker threads (default: one per core)", false, &threads_s, NULL },
		{ "--max-per-ip", "N", "simultaneous connections per address (128)", false, &per_ip_s, NULL },
		{ "--timeout", "SECONDS", "close connections idle this long (30)", false, &timeout_s, NULL },
		{ "--trust-proxy", NULL, "trust X-Forwarded-Proto from a reverse proxy", false, NULL, &trust_proxy },
		{ "--no-access-log", NULL, "do not write the access log", false, NULL, &quiet },
		{ "--smtp-url", "URL", "send email by SMTP (smtp://host:587, smtps://host:465); else SANCTUARY_SMTP_URL, the settings, or files in DATA/outbox", false, &smtp_url, NULL },
		{ "--sms-url", "URL", "Twilio-style SMS gateway endpoint; else SANCTUARY_SMS_URL, the settings, or files", false, &sms_url, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary serve --data DIR [--listen HOST:PORT]",
	                                "Serves the web app and API. Applies pending migrations first.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	char host[256];
	unsigned short port;
	if (!parse_listen(listen, host, sizeof host, &port)) {
		fprintf(stderr, "sanctuary: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	long threads = threads_s ? strtol(threads_s, NULL, 10) : 0;
	long per_ip = per_ip_s ? strtol(per_ip_s, NULL, 10) : 128;
	long timeout = timeout_s ? strtol(timeout_s, NULL, 10) : 30;
	if (threads < 0 || threads > 256 || per_ip < 1 || per_ip > 100000 || timeout < 1 ||
	    timeout > 3600) {
		fprintf(stderr, "sanctuary: --threads, --max-per-ip or --timeout out of range\n");
		return 2;
	}
	if (threads == 0) {
		/* One thread per core serves cached pages fastest (bench/run.sh);
		 * a request waiting for its group commit is parked and holds no
		 * thread, so a signing batch is not limited by the thread count. */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 0 ? cores : 1;
		if (threads > 128)
			threads = 128;
	}
	log_set_access(!quiet);
	/* the flags win over the environment, which wins over the settings */
	if (smtp_url)
		setenv("SANCTUARY_SMTP_URL", smtp_url, 1);
	if (sms_url)
		setenv("SANCTUARY_SMS_URL", sms_url, 1);

	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	db_close(db);
	if (db_open_global(cli_db_path(dir)) != DB_OK || !app_init())
		return 1;
	/* signatures a crowd left in the intake (a crash, a stop) are filed
	 * before anyone is served; from then on in the writer's spare time */
	int64_t waiting = petition_intake_waiting(db_thread());
	if (waiting > 0) {
		log_info("petition intake: filing %lld signatures", (long long)waiting);
		if (!petition_intake_file_all(db_thread()))
			log_error("petition intake: filing failed; the rows stay for the next start");
	}
	db_group_set_idle(petition_intake_idle);
	{
		/* quiet hours are in the group's time zone: set while single-threaded */
		struct settings gs;
		settings_get(&gs);
		messaging_set_timezone(gs.timezone);
	}

	/* Block the stop signals in every thread; this one waits for them. */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	size_t n_routes;
	const struct route *routes = app_routes(&n_routes);
	struct server_config cfg = {
		.host = host,
		.port = port,
		.routes = routes,
		.n_routes = n_routes,
		.threads = (unsigned)threads,
		.timeout_s = (unsigned)timeout,
		.max_per_ip = (unsigned)per_ip,
		.max_connections = 1000,
		.trust_proxy = trust_proxy,
		.negotiate = app_negotiate,
		.prepare = app_prepare,
	};
	log_start_writer();
	struct server *srv = server_start(&cfg);
	if (srv == NULL) {
		log_stop_writer();
		return 1;
	}
	pthread_t maint;
	pthread_create(&maint, NULL, maintenance, NULL);
	bool v6 = strchr(host, ':') != NULL;
	char here[300];
	snprintf(here, sizeof here, "http://%s%s%s:%u", v6 ? "[" : "", host, v6 ? "]" : "",
	         server_port(srv));
	if (!messaging_start(dir, here))
		log_error("messaging: the delivery workers did not start; messages stay queued");
	printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", host, v6 ? "]" : "",
	       server_port(srv));
	fflush(stdout);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	log_info("stopping (signal %d): finishing requests in flight", sig);
	server_stop(srv, 10000);
	struct db_group_stats gs;
	db_group_stats(NULL, &gs);
	if (gs.items > 0)
		log_info("group commit: %llu writes in %llu commits (largest batch %llu, %llu failed alone)",
		         (unsigned long long)gs.items, (unsigned long long)gs.batches,
		         (unsigned long long)gs.largest, (unsigned long long)gs.failed_items);
	struct petition_intake_stats is;
	petition_intake_stats(&is);
	if (is.taken > 0)
		log_info("petition intake: %llu signatures taken in during crowds, %llu filed by this process",
		         (unsigned long long)is.taken, (unsigned long long)is.filed);
	messaging_stop();
	pthread_mutex_lock(&stop_lock);
	stopping = true;
	pthread_cond_signal(&stop_cond);
	pthread_mutex_unlock(&stop_lock);
	pthread_join(maint, NULL);
	/* Leave a checkpointed database and an empty WAL behind. */
	struct db *last = db_thread();
	if (last)
		db_checkpoint(last);
	app_shutdown();
	db_close_global();
	keys_unload();
	transport_global_cleanup();
	log_stop_writer();
	log_info("stopped");
	return 0;
}
