/*
 * flash.h - the one-time message shown on the page after a POST.  It
 * travels in a short-lived cookie rather than the database, so showing
 * it needs no write.  The cookie value is the message in URL-safe
 * base64, a '.', and a keyed BLAKE2b MAC over the session token and
 * the message: it cannot be forged, altered, or moved to another
 * session.
 */
#ifndef GW_FLASH_H
#define GW_FLASH_H

#include <stdbool.h>

#include "auth.h"

#define FLASH_TEXT_SIZE 512 /* longest message + NUL; longer is cut */
#define FLASH_MAC_BYTES 32
#define FLASH_MAC_TEXT_LEN 43 /* base64url of 32 bytes, no padding */
/* Longest cookie value + NUL: the encoded message, '.', the MAC. */
/* The longest message in URL-safe base64 without padding: 4 characters
 * for every 3 bytes, and 2 or 3 for the 1 or 2 left over. */
#define FLASH_TEXT_B64_LEN               \
	((FLASH_TEXT_SIZE - 1) / 3 * 4 + \
	    ((FLASH_TEXT_SIZE - 1) % 3 ? (FLASH_TEXT_SIZE - 1) % 3 + 1 : 0))
/* A cookie value: the message, '.', the MAC, and a NUL (flash.c checks
 * it against libsodium's sodium_base64_ENCODED_LEN). */
#define FLASH_VALUE_SIZE (FLASH_TEXT_B64_LEN + 1 + FLASH_MAC_TEXT_LEN + 1)
#define FLASH_MAX_AGE 60 /* seconds: only the page after the POST */

/* Derive the MAC key from the server's per-database secret (the one
 * CSRF values are keyed with). */
void flash_set_key(const unsigned char secret[TOKEN_BYTES]);

/* The cookie value carrying message for the session token into out.
 * A message too long is cut at a character boundary.  False (out "")
 * when message is empty or token is not a token's length. */
bool flash_seal(const char *token, const char *message,
    char out[FLASH_VALUE_SIZE]);

/* The message in a cookie value made by flash_seal for token, into
 * out.  False (out "") when the value is malformed, too long, or its
 * MAC does not match this token and message. */
bool flash_open(const char *token, const char *value,
    char out[FLASH_TEXT_SIZE]);

#endif
