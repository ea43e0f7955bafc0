/*
 * flash.c - sealing and opening the flash cookie.
 */
#include "flash.h"

#include <sodium.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(FLASH_VALUE_SIZE ==
                   sodium_base64_ENCODED_LEN(FLASH_TEXT_SIZE - 1, B64) + 1 +
                       FLASH_MAC_TEXT_LEN,
    "flash.h: FLASH_VALUE_SIZE is the sealed message's length");

static unsigned char flash_key[crypto_kdf_KEYBYTES];

_Static_assert(TOKEN_BYTES == crypto_kdf_KEYBYTES,
    "the server secret is used as a KDF master key");

void
flash_set_key(const unsigned char secret[TOKEN_BYTES])
{
	/* A subkey of its own, so a flash MAC can never double as a CSRF
	 * value (both hash the session token). */
	crypto_kdf_derive_from_key(flash_key, sizeof(flash_key), 1, "gw_flash",
	    secret);
}

/* The token is fixed-length, so token || message is unambiguous. */
static void
mac_of(const char *token, const unsigned char *text, size_t len,
    unsigned char mac[FLASH_MAC_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, flash_key, sizeof(flash_key),
	    FLASH_MAC_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)token,
	    TOKEN_TEXT_LEN);
	crypto_generichash_update(&st, text, len);
	crypto_generichash_final(&st, mac, FLASH_MAC_BYTES);
}

bool
flash_seal(const char *token, const char *message, char out[FLASH_VALUE_SIZE])
{
	out[0] = '\0';
	size_t len = strlen(message);
	if (len == 0 || token == NULL || strlen(token) != TOKEN_TEXT_LEN)
		return false;
	if (len > FLASH_TEXT_SIZE - 1) {
		len = FLASH_TEXT_SIZE - 1;
		/* Back off to the start of a UTF-8 character. */
		while (len > 0 && ((unsigned char)message[len] & 0xC0) == 0x80)
			len--;
	}
	const unsigned char *text = (const unsigned char *)message;
	unsigned char mac[FLASH_MAC_BYTES];
	mac_of(token, text, len, mac);
	sodium_bin2base64(out, FLASH_VALUE_SIZE, text, len, B64);
	size_t at = strlen(out);
	out[at++] = '.';
	sodium_bin2base64(out + at, FLASH_VALUE_SIZE - at, mac, sizeof(mac),
	    B64);
	return true;
}

bool
flash_open(const char *token, const char *value, char out[FLASH_TEXT_SIZE])
{
	out[0] = '\0';
	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN || value == NULL)
		return false;
	size_t n = strnlen(value, FLASH_VALUE_SIZE);
	const char *dot = memchr(value, '.', n);
	if (n == FLASH_VALUE_SIZE || dot == NULL || dot == value ||
	    (size_t)(value + n - (dot + 1)) != FLASH_MAC_TEXT_LEN)
		return false;

	unsigned char text[FLASH_TEXT_SIZE - 1], mac[FLASH_MAC_BYTES];
	unsigned char expect[FLASH_MAC_BYTES];
	size_t len, mac_len;
	const char *end;
	if (sodium_base642bin(text, sizeof(text), value, (size_t)(dot - value),
	        NULL, &len, &end, B64) != 0 ||
	    end != dot || len == 0)
		return false;
	if (sodium_base642bin(mac, sizeof(mac), dot + 1, FLASH_MAC_TEXT_LEN,
	        NULL, &mac_len, NULL, B64) != 0 ||
	    mac_len != sizeof(mac))
		return false;
	mac_of(token, text, len, expect);
	if (crypto_verify_32(mac, expect) != 0)
		return false;
	memcpy(out, text, len);
	out[len] = '\0';
	return true;
}
