/* sanctuary backup / restore: an online, consistent snapshot of the
 * database (SQLite backup API), encrypted with libsodium secretstream
 * under the backup key derived from the data key.
 *
 * File layout:
 *   "SANCTUARY-BACKUP" 0x01          magic and format version (17 bytes)
 *   u32 big-endian length, keyring   the wrapped data key (as in DATA/keyring)
 *   secretstream header (24 bytes)
 *   { u32 big-endian length, chunk } ciphertext chunks; the first is bound to
 *                                    the magic and keyring as associated data,
 *                                    the last carries TAG_FINAL
 * A file that ends before the final tag, has bytes after it, or was
 * altered anywhere is refused. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "model/audit.h"

#define MAGIC "SANCTUARY-BACKUP\x01"
#define MAGIC_LEN 17
#define CHUNK (64 * 1024)
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool write_all(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n;
}

int cmd_backup(int argc, char **argv)
{
	const char *dir = NULL, *out = NULL, *key_file = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--out", "FILE", "backup file to write", true, &out, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary backup --data DIR --out FILE",
	                                "Writes an encrypted, consistent snapshot of the database. "
	                                "Safe while the server runs.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, false, key_file);
	if (db == NULL)
		return 1;
	char *keyring = keys_keyring_text(dir);
	unsigned char *image = NULL;
	size_t image_len = 0;
	int rc = 1;
	FILE *f = NULL;
	if (keyring == NULL || db_snapshot(cli_db_path(dir), &image, &image_len) != DB_OK) {
		fprintf(stderr, "sanctuary: could not snapshot the database\n");
		goto done;
	}
	/* write to a temporary name, rename when complete */
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.partial", out);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (f == NULL) {
		fprintf(stderr, "sanctuary: cannot write %s: %s\n", out, strerror(errno));
		goto done;
	}
	size_t ring_len = strlen(keyring);
	size_t head_len = MAGIC_LEN + 4 + ring_len;
	unsigned char *head = malloc(head_len);
	memcpy(head, MAGIC, MAGIC_LEN);
	put_u32(head + MAGIC_LEN, (uint32_t)ring_len);
	memcpy(head + MAGIC_LEN + 4, keyring, ring_len);
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, keys_get(KEY_BACKUPS));
	bool ok = write_all(f, head, head_len) && write_all(f, header, sizeof header);
	unsigned char *cbuf = malloc(CHUNK + ABYTES);
	for (size_t off = 0; ok && off < image_len; off += CHUNK) {
		size_t n = image_len - off < CHUNK ? image_len - off : CHUNK;
		bool last = off + n >= image_len;
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(
			&st, cbuf, &clen, image + off, n, off == 0 ? head : NULL, off == 0 ? head_len : 0,
			last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		unsigned char len4[4];
		put_u32(len4, (uint32_t)clen);
		ok = write_all(f, len4, 4) && write_all(f, cbuf, (size_t)clen);
	}
	free(cbuf);
	free(head);
	ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = (fclose(f) == 0) && ok;
	f = NULL;
	if (!ok || rename(tmp, out) != 0) {
		unlink(tmp);
		fprintf(stderr, "sanctuary: writing %s failed\n", out);
		goto done;
	}
	audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "backup.create", "database", 0, NULL });
	printf("wrote %s (%zu bytes of database, encrypted)\n", out, image_len);
	rc = 0;
done:
	if (image) {
		sodium_memzero(image, image_len);
		free(image);
	}
	free(keyring);
	db_close(db);
	return rc;
}

/* Reads the whole file; NULL on error. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

int cmd_restore(int argc, char **argv)
{
	const char *in = NULL, *dir = NULL, *key_file = NULL;
	const struct flag flags[] = {
		{ "--in", "FILE", "backup file", true, &in, NULL },
		{ "--data", "NEWDIR", "data folder to create", true, &dir, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary restore --in FILE --data NEWDIR",
	                                "Restores an encrypted backup into a new data folder and checks "
	                                "its integrity. Needs the passphrase or key file the backup's "
	                                "data key was wrapped with.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	size_t len = 0;
	unsigned char *file = slurp(in, &len);
	if (file == NULL) {
		fprintf(stderr, "sanctuary: cannot read %s: %s\n", in, strerror(errno));
		return 1;
	}
	int rc = 1;
	unsigned char *image = NULL;
	size_t image_len = 0;
	const char *why = "not a Sanctuary backup";
	if (len < MAGIC_LEN + 4 || memcmp(file, MAGIC, MAGIC_LEN) != 0)
		goto bad;
	size_t ring_len = get_u32(file + MAGIC_LEN);
	size_t head_len = MAGIC_LEN + 4 + ring_len;
	why = "the backup is truncated";
	if (ring_len > 8192 || len < head_len + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
		goto bad;
	char *ring = strndup((const char *)file + MAGIC_LEN + 4, ring_len);
	struct key_source src;
	bool unlocked = keys_find_source(dir, key_file, &src) && keys_load_blob(ring, &src);
	if (!unlocked) {
		free(ring);
		free(file);
		return 1;
	}
	crypto_secretstream_xchacha20poly1305_state st;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, file + head_len,
	                                                    keys_get(KEY_BACKUPS)) != 0) {
		free(ring);
		why = "the backup's header is damaged";
		goto bad;
	}
	size_t pos = head_len + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
	image = malloc(len);
	bool final = false, first = true;
	why = "the backup was altered or is damaged";
	while (pos < len && !final) {
		if (len - pos < 4) {
			why = "the backup is truncated";
			break;
		}
		size_t clen = get_u32(file + pos);
		pos += 4;
		if (clen < ABYTES || clen > CHUNK + ABYTES || clen > len - pos) {
			why = "the backup is truncated";
			break;
		}
		unsigned long long mlen;
		unsigned char tag;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, image + image_len, &mlen, &tag,
		                                               file + pos, clen, first ? file : NULL,
		                                               first ? head_len : 0) != 0)
			break;
		first = false;
		image_len += (size_t)mlen;
		pos += clen;
		final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	}
	free(ring);
	if (!final) {
		if (pos >= len)
			why = "the backup is truncated (its final block is missing)";
		goto bad;
	}
	if (pos != len) {
		why = "the backup has extra bytes after its end";
		goto bad;
	}
	if (cli_mkdirs(dir) != 0) {
		fprintf(stderr, "sanctuary: cannot create %s: %s\n", dir, strerror(errno));
		goto out;
	}
	struct stat sst;
	if (stat(cli_db_path(dir), &sst) == 0) {
		fprintf(stderr, "sanctuary: %s already exists; refusing to overwrite it\n",
		        cli_db_path(dir));
		goto out;
	}
	char ring_path[4096];
	snprintf(ring_path, sizeof ring_path, "%s/keyring", dir);
	FILE *rf = fopen(ring_path, "wx");
	if (rf == NULL || fwrite(file + MAGIC_LEN + 4, 1, ring_len, rf) != ring_len) {
		if (rf)
			fclose(rf);
		fprintf(stderr, "sanctuary: cannot write %s\n", ring_path);
		goto out;
	}
	fclose(rf);
	chmod(ring_path, 0600);
	if (db_restore_image(cli_db_path(dir), image, image_len) != DB_OK) {
		fprintf(stderr, "sanctuary: the restored database failed its integrity check\n");
		goto out;
	}
	chmod(cli_db_path(dir), 0600);
	printf("restored %s (integrity ok)\n", cli_db_path(dir));
	rc = 0;
	goto out;
bad:
	fprintf(stderr, "sanctuary: %s: %s\n", in, why);
out:
	if (image) {
		sodium_memzero(image, len);
		free(image);
	}
	free(file);
	keys_unload();
	return rc;
}
