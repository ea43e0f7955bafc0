/*
 * auth.c - password hashing and token handling over libsodium.
 */
#include "auth.h"

#include <sodium.h>
#include <string.h>

#include "http.h"

_Static_assert(PASSWORD_HASH_SIZE == crypto_pwhash_STRBYTES,
    "auth.h: PASSWORD_HASH_SIZE is libsodium's crypto_pwhash_STRBYTES");
_Static_assert(TOKEN_HASH_LEN == crypto_generichash_BYTES,
    "auth.h: TOKEN_HASH_LEN is libsodium's crypto_generichash_BYTES");

static char dummy_hash[PASSWORD_HASH_SIZE];

int
auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	if (dummy_hash[0] == '\0') {
		char pw[TOKEN_TEXT_SIZE];
		token_new(pw);
		if (auth_hash_password(pw, dummy_hash) != 0)
			return -1;
	}
	return 0;
}

int
auth_hash_password(const char *password, char out[PASSWORD_HASH_SIZE])
{
	return crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

bool
auth_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
auth_verify_dummy(const char *password)
{
	(void)auth_verify_password(dummy_hash, password);
}

bool
auth_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash,
	           crypto_pwhash_OPSLIMIT_INTERACTIVE,
	           crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

const char *
auth_password_problem(const char *password)
{
	size_t bytes = strlen(password);
	if (bytes > PASSWORD_MAX)
		return "Use a shorter password (at most 1024 bytes).";
	if (!text_valid(password, bytes))
		return "The password holds characters that cannot be used.";
	size_t chars = 0;
	for (size_t i = 0; i < bytes; i++)
		if (((unsigned char)password[i] & 0xC0) != 0x80)
			chars++;
	if (chars < PASSWORD_MIN)
		return "Use at least 10 characters.";
	return NULL;
}

void
token_new(char out[TOKEN_TEXT_SIZE])
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_SIZE, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static bool
token_shape_ok(const char *token)
{
	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN)
		return false;
	for (const char *p = token; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		        (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

int
token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN])
{
	if (!token_shape_ok(token))
		return -1;
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)token,
	    TOKEN_TEXT_LEN, NULL, 0);
	return 0;
}

static unsigned char csrf_key[TOKEN_BYTES];

void
csrf_set_key(const unsigned char key[TOKEN_BYTES])
{
	memcpy(csrf_key, key, TOKEN_BYTES);
}

void
csrf_for(const char *token, char out[TOKEN_TEXT_SIZE])
{
	unsigned char mac[TOKEN_BYTES];
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)token,
	    TOKEN_TEXT_LEN, csrf_key, sizeof(csrf_key));
	sodium_bin2base64(out, TOKEN_TEXT_SIZE, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool
csrf_ok(const char *token, const char *submitted)
{
	if (!token_shape_ok(token) || submitted == NULL ||
	    strlen(submitted) != TOKEN_TEXT_LEN)
		return false;
	char expect[TOKEN_TEXT_SIZE];
	csrf_for(token, expect);
	return sodium_memcmp(expect, submitted, TOKEN_TEXT_LEN) == 0;
}
