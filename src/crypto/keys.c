#include "crypto/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define N_PURPOSES 7 /* index 0 is the data key itself */
#define KDF_CONTEXT "sanctkey"
#define WRAP_AD "sanctuary-keyring-v1"
/* argon2id cost for passphrases: 3 passes over 64 MiB (~0.3 s here). */
#define PW_OPSLIMIT 3ULL
#define PW_MEMLIMIT (64ULL * 1024 * 1024)

static unsigned char *keys;   /* N_PURPOSES * KEY_BYTES, sodium_malloc'd */
static uint8_t key_version = 1;

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p == NULL)
		abort();
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static bool read_passphrase_tty(char *out, size_t n)
{
	if (!isatty(STDIN_FILENO))
		return false;
	struct termios old, quiet;
	fprintf(stderr, "passphrase for the data key: ");
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	bool ok = fgets(out, (int)n, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok && out[0] != '\0';
}

bool keys_find_source(const char *data_dir, const char *key_file_flag, struct key_source *out)
{
	static char demo_path[4096];
	static char typed[1024];
	memset(out, 0, sizeof *out);
	if (key_file_flag) {
		out->key_file = key_file_flag;
		return true;
	}
	const char *env = getenv("SANCTUARY_KEY_FILE");
	if (env && *env) {
		out->key_file = env;
		return true;
	}
	env = getenv("SANCTUARY_PASSPHRASE");
	if (env && *env) {
		out->passphrase = env;
		return true;
	}
	snprintf(demo_path, sizeof demo_path, "%s/sanctuary.key", data_dir);
	struct stat st;
	if (stat(demo_path, &st) == 0) {
		out->key_file = demo_path;
		return true;
	}
	if (read_passphrase_tty(typed, sizeof typed)) {
		out->passphrase = typed;
		return true;
	}
	fprintf(stderr, "sanctuary: no key: give --key-file PATH, or set SANCTUARY_KEY_FILE or "
	                "SANCTUARY_PASSPHRASE\n");
	return false;
}

/* Key-encryption key from the source, into kek. */
static bool derive_kek(const struct key_source *src, const unsigned char *salt,
                       unsigned long long ops, size_t mem, unsigned char kek[KEY_BYTES])
{
	if (src->key_file) {
		int fd = open(src->key_file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sanctuary: cannot read key file %s: %s\n", src->key_file,
			        strerror(errno));
			return false;
		}
		unsigned char *buf = sodium_malloc(4096);
		ssize_t n = read(fd, buf, 4096);
		close(fd);
		if (n < KEY_BYTES) {
			fprintf(stderr, "sanctuary: key file %s is too short (32 bytes at least)\n",
			        src->key_file);
			sodium_free(buf);
			return false;
		}
		crypto_generichash(kek, KEY_BYTES, buf, (size_t)n, (const unsigned char *)"sanctuary-kek-file", 18);
		sodium_free(buf);
		return true;
	}
	if (src->passphrase) {
		if (crypto_pwhash(kek, KEY_BYTES, src->passphrase, strlen(src->passphrase), salt, ops, mem,
		                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
			fprintf(stderr, "sanctuary: not enough memory to derive the key\n");
			return false;
		}
		return true;
	}
	return false;
}

static char *b64(const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(len);
	if (s == NULL)
		abort();
	sodium_bin2base64(s, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

static bool unb64(const char *s, unsigned char *out, size_t n)
{
	size_t len = 0;
	return s && sodium_base642bin(out, n, s, strlen(s), NULL, &len, NULL,
	                              sodium_base64_VARIANT_ORIGINAL) == 0 && len == n;
}

/* The keyring document for `data_key` wrapped under `src`. */
static char *wrap(const unsigned char *data_key, const struct key_source *src)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char wrapped[KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	unsigned char *kek = sodium_malloc(KEY_BYTES);
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	if (!derive_kek(src, salt, PW_OPSLIMIT, PW_MEMLIMIT, kek)) {
		sodium_free(kek);
		return NULL;
	}
	unsigned long long wlen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped, &wlen, data_key, KEY_BYTES,
	                                           (const unsigned char *)WRAP_AD, strlen(WRAP_AD),
	                                           NULL, nonce, kek);
	sodium_free(kek);
	char *s_salt = b64(salt, sizeof salt), *s_nonce = b64(nonce, sizeof nonce),
	     *s_wrapped = b64(wrapped, sizeof wrapped);
	json_t *doc = json_pack("{s:i, s:i, s:s, s:s, s:I, s:I, s:s, s:s}",
	                        "format", 1, "key_version", key_version,
	                        "kdf", src->key_file ? "keyfile-blake2b" : "argon2id13",
	                        "salt", s_salt, "opslimit", (json_int_t)PW_OPSLIMIT,
	                        "memlimit", (json_int_t)PW_MEMLIMIT, "nonce", s_nonce,
	                        "wrapped_key", s_wrapped);
	free(s_salt);
	free(s_nonce);
	free(s_wrapped);
	char *text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(doc);
	return text;
}

static bool write_file_atomic(const char *path, const char *text, mode_t mode)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	if (tmp == NULL)
		abort();
	snprintf(tmp, n, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	bool ok = fd >= 0;
	size_t len = strlen(text);
	ok = ok && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

bool keys_write_key_file(const char *path)
{
	unsigned char raw[KEY_BYTES];
	char hex[KEY_BYTES * 2 + 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	strcat(hex, "\n");
	sodium_memzero(raw, sizeof raw);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	sodium_memzero(hex, sizeof hex);
	if (!ok)
		fprintf(stderr, "sanctuary: cannot create key file %s: %s\n", path, strerror(errno));
	return ok;
}

static void derive_all(const unsigned char *data_key)
{
	if (keys == NULL)
		keys = sodium_malloc(N_PURPOSES * KEY_BYTES);
	sodium_mprotect_readwrite(keys);
	memcpy(keys, data_key, KEY_BYTES);
	for (uint64_t p = 1; p < N_PURPOSES; p++)
		crypto_kdf_derive_from_key(keys + p * KEY_BYTES, KEY_BYTES, p, KDF_CONTEXT, data_key);
	sodium_mprotect_readonly(keys);
}

bool keys_create(const char *data_dir, const struct key_source *given)
{
	struct key_source src = *given;
	char *ring_path = path_in(data_dir, "keyring");
	char *demo_path = path_in(data_dir, "sanctuary.key");
	struct stat st;
	bool ok = false;
	if (stat(ring_path, &st) == 0) {
		fprintf(stderr, "sanctuary: %s already exists; refusing to overwrite it\n", ring_path);
		goto out;
	}
	if (src.key_file == NULL && src.passphrase == NULL) {
		if (!keys_write_key_file(demo_path))
			goto out;
		fprintf(stderr,
		        "warning: the key file %s sits beside the database. Anyone with a copy of the\n"
		        "data folder can read everything. For real use, move it elsewhere and pass\n"
		        "--key-file (or use SANCTUARY_PASSPHRASE), then run sanctuary rotate-key.\n",
		        demo_path);
		src.key_file = demo_path;
	}
	unsigned char *data_key = sodium_malloc(KEY_BYTES);
	randombytes_buf(data_key, KEY_BYTES);
	char *text = wrap(data_key, &src);
	if (text && write_file_atomic(ring_path, text, 0600)) {
		derive_all(data_key);
		ok = true;
	}
	free(text);
	sodium_free(data_key);
out:
	free(ring_path);
	free(demo_path);
	return ok;
}

bool keys_load_blob(const char *text, const struct key_source *src)
{
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);
	const char *salt_s = NULL, *nonce_s = NULL, *wrapped_s = NULL, *kdf = NULL;
	json_int_t ops = 0, mem = 0, version = 1;
	if (doc == NULL || json_unpack(doc, "{s:s, s:s, s:s, s:s, s:I, s:I, s?I}", "kdf", &kdf,
	                               "salt", &salt_s, "nonce", &nonce_s, "wrapped_key", &wrapped_s,
	                               "opslimit", &ops, "memlimit", &mem, "key_version", &version) != 0) {
		fprintf(stderr, "sanctuary: the keyring is damaged\n");
		json_decref(doc);
		return false;
	}
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char wrapped[KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	bool ok = unb64(salt_s, salt, sizeof salt) && unb64(nonce_s, nonce, sizeof nonce) &&
	          unb64(wrapped_s, wrapped, sizeof wrapped) && ops > 0 && mem > 0 &&
	          ops <= 32 && mem <= (json_int_t)(1ULL << 32);
	bool wants_file = strcmp(kdf, "keyfile-blake2b") == 0;
	json_decref(doc);
	if (!ok) {
		fprintf(stderr, "sanctuary: the keyring is damaged\n");
		return false;
	}
	if (wants_file != (src->key_file != NULL)) {
		fprintf(stderr, "sanctuary: this data key is protected by a %s\n",
		        wants_file ? "key file (--key-file)" : "passphrase (SANCTUARY_PASSPHRASE)");
		return false;
	}
	unsigned char *kek = sodium_malloc(KEY_BYTES), *data_key = sodium_malloc(KEY_BYTES);
	ok = derive_kek(src, salt, (unsigned long long)ops, (size_t)mem, kek);
	unsigned long long len = 0;
	if (ok && crypto_aead_xchacha20poly1305_ietf_decrypt(
		          data_key, &len, NULL, wrapped, sizeof wrapped, (const unsigned char *)WRAP_AD,
		          strlen(WRAP_AD), nonce, kek) != 0) {
		fprintf(stderr, "sanctuary: wrong passphrase or key file\n");
		ok = false;
	}
	if (ok) {
		key_version = (uint8_t)version;
		derive_all(data_key);
	}
	sodium_free(kek);
	sodium_free(data_key);
	return ok;
}

char *keys_keyring_text(const char *data_dir)
{
	char *path = path_in(data_dir, "keyring");
	FILE *f = fopen(path, "rb");
	free(path);
	if (f == NULL)
		return NULL;
	char *text = calloc(1, 8192);
	if (text == NULL)
		abort();
	size_t n = fread(text, 1, 8191, f);
	fclose(f);
	if (n == 0) {
		free(text);
		return NULL;
	}
	return text;
}

bool keys_load(const char *data_dir, const struct key_source *src)
{
	char *text = keys_keyring_text(data_dir);
	if (text == NULL) {
		fprintf(stderr, "sanctuary: no keyring in %s (was it created with sanctuary init?)\n",
		        data_dir);
		return false;
	}
	bool ok = keys_load_blob(text, src);
	free(text);
	return ok;
}

bool keys_loaded(void)
{
	return keys != NULL;
}

void keys_unload(void)
{
	if (keys) {
		sodium_mprotect_readwrite(keys);
		sodium_free(keys); /* zeroes before freeing */
		keys = NULL;
	}
}

bool keys_rewrap(const char *data_dir, const struct key_source *dst)
{
	if (keys == NULL)
		return false;
	char *text = wrap(keys, dst);
	char *ring_path = path_in(data_dir, "keyring");
	bool ok = text && write_file_atomic(ring_path, text, 0600);
	free(text);
	free(ring_path);
	return ok;
}

const unsigned char *keys_get(enum key_purpose purpose)
{
	if (keys == NULL || purpose <= 0 || purpose >= N_PURPOSES)
		return NULL;
	return keys + (size_t)purpose * KEY_BYTES;
}

uint8_t keys_version(void)
{
	return key_version;
}
