/*
 * db_account.h - people and who they are (db_account.c): users and
 * teams, session rows, the audit log, the server's secrets and the
 * sign-in throttle.
 */
#ifndef GW_DB_ACCOUNT_H
#define GW_DB_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define USER_EMAIL_MAX 254
#define USER_NAME_MAX 100
#define TEAM_NAME_MAX 60
/* An Argon2id hash string and its NUL: crypto_pwhash_STRBYTES, which
 * db_account.c checks. */
#define USER_HASH_SIZE 128

struct user {
	int64_t id;                            /* users.id */
	char email[USER_EMAIL_MAX + 1];        /* unique, case-insensitive */
	char name[USER_NAME_MAX * 4 + 1];      /* display name, UTF-8 */
	enum role role;                        /* exactly one role bit */
	int64_t team_id;                       /* 0 when in no team */
	char team_name[TEAM_NAME_MAX * 4 + 1]; /* "" when in no team */
	char password_hash[USER_HASH_SIZE];    /* Argon2id string */
	bool active;                           /* false once disabled */
};

struct team {
	int64_t id;                       /* teams.id */
	char name[TEAM_NAME_MAX * 4 + 1]; /* unique, case-insensitive */
	int members;                      /* active users in the team */
	int64_t retired_at;               /* 0 while active */
};

int user_get_by_email(struct db *db, const char *email, struct user *out);
int user_get_by_id(struct db *db, int64_t id, struct user *out);
/* Inserts u (id ignored); sets u->id.  DB_CONFLICT if the email exists. */
int user_create(struct db *db, struct user *u);
int user_set_password_hash(struct db *db, int64_t id, const char *hash);
int user_update(struct db *db, int64_t id, const char *name, enum role role,
    int64_t team_id);
int user_set_active(struct db *db, int64_t id, bool active);

/* Calls fn for each user ordered by name; stops early if fn returns
 * non-zero. */
int user_each(struct db *db, int (*fn)(const struct user *, void *), void *arg);

int team_get_by_name(struct db *db, const char *name, struct team *out);
int team_get_by_id(struct db *db, int64_t id, struct team *out);
int team_create(struct db *db, const char *name, int64_t *id);
/* Every team, active ones first, each group by name. */
int team_each(struct db *db, int (*fn)(const struct team *, void *), void *arg);
/* DB_CONFLICT when another team has the name (any case). */
int team_rename(struct db *db, int64_t id, const char *name);
/* Retire an active team at time `at`, or bring a retired one back
 * (at 0).  Its members are the caller's to move first.  DB_NOTFOUND
 * when there is no such team, or it already is so. */
int team_set_retired(struct db *db, int64_t id, int64_t at);

/* --- sessions (the rows; session.c reads the cookie) ------------ */

/* The stored hash of a session token: crypto_generichash_BYTES, which
 * db_account.c checks. */
#define SESSION_HASH_LEN 32

struct session {
	int64_t id;         /* sessions.id */
	int64_t created_at; /* for the absolute timeout */
	int64_t last_seen;  /* for the idle timeout */
	struct user user;   /* the signed-in user */
};

int session_create(struct db *db, const unsigned char *hash, int64_t user_id,
    int64_t now);
/* Finds an active user's session by token hash. */
int session_get(struct db *db, const unsigned char *hash, struct session *out);
int session_touch(struct db *db, int64_t id, int64_t now);
int session_delete(struct db *db, int64_t id);
int session_delete_for_user(struct db *db, int64_t user_id);
/* Every session of user_id but keep_id (the one making a change). */
int session_delete_others(struct db *db, int64_t user_id, int64_t keep_id);
/* Delete up to limit expired sessions, oldest first: those last seen
 * before idle_before or created before created_before.  Sets *deleted
 * to how many went.  Caller holds a transaction. */
int session_purge(struct db *db, int64_t idle_before, int64_t created_before,
    int limit, int *deleted);
/* How many sessions session_purge() with these limits would find; -1
 * on error. */
int64_t session_count_expired(struct db *db, int64_t idle_before,
    int64_t created_before);

/* --- audit log and sign-in throttle ------------------------------ */

int audit_add(struct db *db, int64_t actor_id, const char *action,
    const char *subject, const char *detail, const char *addr);
/* Number of audit rows with this action (for tests and doctor). */
int64_t audit_count(struct db *db, const char *action);

/* Copy the secret called name (exactly size bytes) into out. */
int secret_get(struct db *db, const char *name, unsigned char *out,
    size_t size);

/* Failures for key inside the window starting at since; -1 on error. */
int throttle_failures(struct db *db, const char *key, int64_t since);
int throttle_record_failure(struct db *db, const char *key, int64_t now,
    int64_t window);
int throttle_clear(struct db *db, const char *key);

#endif
