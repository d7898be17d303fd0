#include "messaging/worker.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "db/db.h"
#include "messaging/config.h"
#include "messaging/transport.h"
#include "model/messages.h"
#include "model/outbox.h"

#define IDLE_MS 250
#define WORKER_NICE 10
#define CONFIG_RELOAD_SECONDS 5

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, running;
static unsigned kicks;
static pthread_t threads[2];

static bool should_stop(void)
{
	pthread_mutex_lock(&lock);
	bool s = stopping;
	pthread_mutex_unlock(&lock);
	return s;
}

static void idle(void)
{
	pthread_mutex_lock(&lock);
	unsigned seen = kicks;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += IDLE_MS * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!stopping && kicks == seen)
		if (pthread_cond_timedwait(&wake, &lock, &until) != 0)
			break;
	pthread_mutex_unlock(&lock);
}

void messaging_wake(void)
{
	pthread_mutex_lock(&lock);
	kicks++;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
}

static void *work(void *p)
{
	enum outbox_channel ch = (enum outbox_channel)(intptr_t)p;
	/* Delivery yields the processor to people waiting for an answer: in a
	 * flood of signatures the queue grows and drains once it calms down
	 * (Linux: a thread's own nice value). Idle cores still run it at once. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKER_NICE);
	struct transport *t = transport_new(should_stop);
	struct db *db = db_thread();
	if (t == NULL || db == NULL) {
		log_error("messaging: the %s worker could not start", ch == OUTBOX_EMAIL ? "email" : "sms");
		transport_free(t);
		db_thread_close();
		return NULL;
	}
	int64_t last_reload = time(NULL);
	struct claimed batch[WORKER_BATCH];
	struct send_result results[WORKER_BATCH];
	while (!should_stop()) {
		int64_t now = time(NULL);
		if (ch == OUTBOX_EMAIL && now - last_reload >= CONFIG_RELOAD_SECONDS) {
			messaging_config_reload(db);
			last_reload = now;
		}
		struct messaging_config cfg;
		messaging_config_get(&cfg);
		struct arena *a = arena_new(64 * 1024);
		int n = messages_claim(db, a, ch, now, WORKER_BATCH, messaging_quiet_now(&cfg, now), batch);
		if (n <= 0) {
			arena_destroy(a);
			idle();
			continue;
		}
		for (int i = 0; i < n; i++) {
			if (should_stop()) {
				results[i] = (struct send_result){ .outcome = SEND_UNSENT };
				continue;
			}
			transport_send(t, &cfg, a, &batch[i], &results[i]);
			if (results[i].outcome != SEND_OK)
				log_info("messaging: message %lld attempt %d: %s", (long long)batch[i].id,
				         batch[i].attempts, results[i].error);
		}
		struct retry_policy policy = { cfg.max_attempts, cfg.retry_base, cfg.retry_cap };
		/* Outcomes must be written, or the rows stay 'sending' until the
		 * next start: keep trying while the database is busy. */
		for (int tries = 0; !messages_record(db, batch, results, (size_t)n, &policy, time(NULL));
		     tries++) {
			log_error("messaging: could not record %d outcomes (try %d)", n, tries + 1);
			if (should_stop() && tries >= 3)
				break; /* left 'sending': queued again at the next start */
			struct timespec pause = { tries < 5 ? 0 : 2, tries < 5 ? 200000000L : 0 };
			nanosleep(&pause, NULL);
		}
		arena_destroy(a);
	}
	transport_free(t);
	db_thread_close();
	return NULL;
}

bool messaging_start(const char *data_dir, const char *fallback_public_url)
{
	messaging_config_init(data_dir, fallback_public_url);
	struct db *db = db_thread();
	if (db == NULL || !messaging_config_reload(db))
		return false;
	int64_t back = messages_recover(db);
	if (back < 0)
		return false;
	if (back > 0)
		log_info("messaging: %lld messages were being sent when the server stopped; queued again",
		         (long long)back);
	stopping = false;
	outbox_kick_fn = messaging_wake;
	if (pthread_create(&threads[0], NULL, work, (void *)(intptr_t)OUTBOX_EMAIL) != 0)
		return false;
	if (pthread_create(&threads[1], NULL, work, (void *)(intptr_t)OUTBOX_SMS) != 0) {
		pthread_mutex_lock(&lock);
		stopping = true;
		pthread_cond_broadcast(&wake);
		pthread_mutex_unlock(&lock);
		pthread_join(threads[0], NULL);
		return false;
	}
	running = true;
	return true;
}

void messaging_stop(void)
{
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	outbox_kick_fn = NULL;
	if (!running)
		return;
	pthread_join(threads[0], NULL);
	pthread_join(threads[1], NULL);
	running = false;
}
