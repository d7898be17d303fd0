/* The data key and the keys derived from it.
 *
 * One random 256-bit data key encrypts everything sensitive. It is stored
 * only wrapped (XChaCha20-Poly1305) under a key-encryption key that comes
 * from an operator passphrase (argon2id) or a key file, in DATA/keyring.
 * The wrapped key may sit beside the database; the passphrase or key file
 * must not (except for the demo, which warns).
 *
 * Purpose subkeys are derived with crypto_kdf so that a leak of one (say,
 * the session-hash key) reveals nothing about the others. All key material
 * lives in sodium_malloc'd, read-only, guard-paged memory and is wiped on
 * keys_unload(). */
#ifndef SANCTUARY_KEYS_H
#define SANCTUARY_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_BYTES 32

enum key_purpose {
	KEY_FIELDS = 1,       /* sealing field values */
	KEY_BLIND_INDEX = 2,  /* blind indexes for exact lookups */
	KEY_SESSIONS = 3,     /* session and token hashes */
	KEY_BACKUPS = 4,      /* encrypted backups */
	KEY_AUDIT = 5,        /* the audit log's hash chain */
	KEY_RECOVERY = 6,     /* two-factor recovery code hashes */
};

/* Where the key-encryption key comes from. */
struct key_source {
	const char *key_file;    /* path to a 32-byte (or longer) random file */
	const char *passphrase;  /* operator passphrase */
};

/* Resolves the key source for DATA from, in order: an explicit --key-file,
 * SANCTUARY_KEY_FILE, SANCTUARY_PASSPHRASE, DATA/sanctuary.key (the demo
 * arrangement, with a warning), or a prompt on the terminal. Strings are
 * static or from the environment. Returns false with a message when none
 * is available. */
bool keys_find_source(const char *data_dir, const char *key_file_flag, struct key_source *out);

/* Creates DATA/keyring with a new data key wrapped under `src`. When `src`
 * has neither a key file nor a passphrase, writes a new random key file to
 * DATA/sanctuary.key and prints a warning. Refuses to overwrite. */
bool keys_create(const char *data_dir, const struct key_source *src);

/* Writes a new random key file (mode 0600); refuses to overwrite. */
bool keys_write_key_file(const char *path);

/* Unwraps the data key from DATA/keyring and derives the subkeys. */
bool keys_load(const char *data_dir, const struct key_source *src);
/* Same from a keyring blob held in memory (backups carry one). */
bool keys_load_blob(const char *keyring_text, const struct key_source *src);
bool keys_loaded(void);
void keys_unload(void);

/* Re-wraps the loaded data key under `dst` and replaces DATA/keyring
 * atomically. The data key itself (and so every sealed value) is
 * unchanged. */
bool keys_rewrap(const char *data_dir, const struct key_source *dst);

/* The subkey for a purpose (read-only memory; never copy it out). NULL
 * if keys are not loaded. */
const unsigned char *keys_get(enum key_purpose purpose);
/* Version of the data key (stored with every sealed value). */
uint8_t keys_version(void);

/* The keyring file's text, for embedding in backups (malloc'd). */
char *keys_keyring_text(const char *data_dir);

#endif
