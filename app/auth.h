/*
 * auth.h - passwords, tokens and CSRF values.  Passwords are Argon2id
 * (crypto_pwhash_str, INTERACTIVE limits).  Tokens are 32 random bytes
 * in URL-safe base64; only their crypto_generichash is ever stored.
 */
#ifndef GW_AUTH_H
#define GW_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_BYTES 32
#define TOKEN_TEXT_LEN 43 /* base64url of 32 bytes, no padding */
#define TOKEN_TEXT_SIZE (TOKEN_TEXT_LEN + 1)
#define PASSWORD_MIN 10   /* characters */
#define PASSWORD_MAX 1024 /* bytes; longer is refused */
/* An Argon2id hash string and its NUL (crypto_pwhash_STRBYTES), and
 * the stored hash of a token (crypto_generichash_BYTES); auth.c checks
 * both against libsodium, as db_account.c checks its own. */
#define PASSWORD_HASH_SIZE 128
#define TOKEN_HASH_LEN 32

/* sodium_init() and the dummy hash for unknown accounts; -1 on error. */
int auth_init(void);

/* Argon2id hash of password into out; 0, or -1 when out of memory. */
int auth_hash_password(const char *password, char out[PASSWORD_HASH_SIZE]);

/* True when password matches hash. */
bool auth_verify_password(const char *hash, const char *password);

/* Spend the same time as a real verify, for unknown emails. */
void auth_verify_dummy(const char *password);

/* True when hash was made with other limits than today's. */
bool auth_needs_rehash(const char *hash);

/* NULL when acceptable, else a message for the person choosing it. */
const char *auth_password_problem(const char *password);

/* A new random token as text. */
void token_new(char out[TOKEN_TEXT_SIZE]);

/* The stored form of a token; -1 if the text is not a token. */
int token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN]);

/* Set the server's CSRF key (32 bytes, from the database). */
void csrf_set_key(const unsigned char key[TOKEN_BYTES]);

/* The CSRF value bound to a session (or pre-session) token: a hash
 * keyed with the server's secret, so it needs no storage and cannot be
 * computed from the token alone. */
void csrf_for(const char *token, char out[TOKEN_TEXT_SIZE]);

/* Constant-time check of a submitted CSRF value against token. */
bool csrf_ok(const char *token, const char *submitted);

#endif
