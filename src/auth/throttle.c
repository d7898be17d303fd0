#include "auth/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define ACCOUNT_SLOTS 4096
#define ADDRESS_SLOTS 4096

struct account_slot {
	unsigned char key[16];
	bool used;
	int64_t failures[THROTTLE_ACCOUNT_FAILURES]; /* ring of failure times */
	unsigned next;
	int64_t touched;
};

struct address_slot {
	unsigned char key[16];
	bool used;
	double tokens;
	int64_t updated;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct account_slot accounts[ACCOUNT_SLOTS];
static struct address_slot addresses[ADDRESS_SLOTS];
static struct address_slot form_addresses[ADDRESS_SLOTS];
static unsigned char hash_key[32];
static bool keyed;

static void key_of(const void *data, size_t len, unsigned char out[16])
{
	if (!keyed) {
		randombytes_buf(hash_key, sizeof hash_key);
		keyed = true;
	}
	crypto_generichash(out, 16, data, len, hash_key, sizeof hash_key);
}

/* Finds the slot for key, or recycles the least recently touched one
 * among a small probe window. */
static struct account_slot *account_slot(const unsigned char key[16], bool create, int64_t now)
{
	uint32_t h;
	memcpy(&h, key, sizeof h);
	struct account_slot *oldest = NULL;
	for (unsigned i = 0; i < 8; i++) {
		struct account_slot *s = &accounts[(h + i) % ACCOUNT_SLOTS];
		if (s->used && memcmp(s->key, key, 16) == 0)
			return s;
		if (oldest == NULL || !s->used || (oldest->used && s->touched < oldest->touched))
			oldest = s;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	memcpy(oldest->key, key, 16);
	oldest->used = true;
	oldest->touched = now;
	return oldest;
}

static unsigned recent_failures(const struct account_slot *s, int64_t now)
{
	unsigned n = 0;
	for (unsigned i = 0; i < THROTTLE_ACCOUNT_FAILURES; i++)
		if (s->failures[i] != 0 && now - s->failures[i] < THROTTLE_WINDOW)
			n++;
	return n;
}

bool throttle_account_allowed(const char *account, int64_t now)
{
	unsigned char key[16];
	pthread_mutex_lock(&lock);
	key_of(account, strlen(account), key);
	struct account_slot *s = account_slot(key, false, now);
	bool ok = s == NULL || recent_failures(s, now) < THROTTLE_ACCOUNT_FAILURES;
	pthread_mutex_unlock(&lock);
	return ok;
}

void throttle_account_failed(const char *account, int64_t now)
{
	unsigned char key[16];
	pthread_mutex_lock(&lock);
	key_of(account, strlen(account), key);
	struct account_slot *s = account_slot(key, true, now);
	s->failures[s->next] = now;
	s->next = (s->next + 1) % THROTTLE_ACCOUNT_FAILURES;
	s->touched = now;
	pthread_mutex_unlock(&lock);
}

void throttle_account_succeeded(const char *account)
{
	unsigned char key[16];
	pthread_mutex_lock(&lock);
	key_of(account, strlen(account), key);
	struct account_slot *s = account_slot(key, false, 0);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&lock);
}

/* The bucket for an address in `table`, refilled up to now (lock held). */
static struct address_slot *bucket_in(struct address_slot *table, double burst, double refill_s,
                                      const unsigned char *addr, size_t len, int64_t now)
{
	unsigned char key[16];
	if (len == 16)
		len = 8; /* IPv6: one /64 is one subscriber */
	key_of(addr, len, key);
	uint32_t h;
	memcpy(&h, key, sizeof h);
	struct address_slot *slot = NULL, *oldest = NULL;
	for (unsigned i = 0; i < 8 && slot == NULL; i++) {
		struct address_slot *s = &table[(h + i) % ADDRESS_SLOTS];
		if (s->used && memcmp(s->key, key, 16) == 0)
			slot = s;
		else if (oldest == NULL || !s->used || (oldest->used && s->updated < oldest->updated))
			oldest = s;
	}
	if (slot == NULL) {
		slot = oldest;
		memcpy(slot->key, key, 16);
		slot->used = true;
		slot->tokens = burst;
		slot->updated = now;
	}
	slot->tokens += (double)(now - slot->updated) / refill_s;
	if (slot->tokens > burst)
		slot->tokens = burst;
	slot->updated = now;
	return slot;
}

static struct address_slot *address_bucket(const unsigned char *addr, size_t len, int64_t now)
{
	return bucket_in(addresses, THROTTLE_ADDRESS_BURST, THROTTLE_ADDRESS_REFILL_SECONDS, addr, len,
	                 now);
}

bool throttle_form_take(const unsigned char *addr, size_t len, int64_t now)
{
	pthread_mutex_lock(&lock);
	struct address_slot *s = bucket_in(form_addresses, THROTTLE_FORM_BURST,
	                                   THROTTLE_FORM_REFILL_SECONDS, addr, len, now);
	bool ok = s->tokens >= 1.0;
	if (ok)
		s->tokens -= 1.0;
	pthread_mutex_unlock(&lock);
	return ok;
}

bool throttle_address_allowed(const unsigned char *addr, size_t len, int64_t now)
{
	pthread_mutex_lock(&lock);
	bool ok = address_bucket(addr, len, now)->tokens >= 1.0;
	pthread_mutex_unlock(&lock);
	return ok;
}

void throttle_address_failed(const unsigned char *addr, size_t len, int64_t now)
{
	pthread_mutex_lock(&lock);
	struct address_slot *s = address_bucket(addr, len, now);
	if (s->tokens >= 1.0)
		s->tokens -= 1.0;
	pthread_mutex_unlock(&lock);
}

void throttle_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(accounts, 0, sizeof accounts);
	memset(addresses, 0, sizeof addresses);
	memset(form_addresses, 0, sizeof form_addresses);
	pthread_mutex_unlock(&lock);
}
