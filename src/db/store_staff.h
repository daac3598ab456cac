/* store_staff: staff accounts, their roles per office, escalation chains and
 * login sessions. */
#ifndef BALAI_STORE_STAFF_H
#define BALAI_STORE_STAFF_H
#include <jansson.h>
#include "db/db.h"

/* id username full_name phone pw_hash disabled failed_logins locked_until
 * duty_hours absent_until. NULL if unknown. */
json_t *staff_get(db_t *db, const char *username);
json_t *staff_get_id(db_t *db, int64_t id);
/* The same into *out with "unknown" and "error" told apart: DB_ROW (1)
 * found, DB_DONE (0) unknown, DB_ERR database failure. */
int staff_find(db_t *db, const char *username, json_t **out);
int staff_find_id(db_t *db, int64_t id, json_t **out);

int staff_insert(db_t *db, const char *username, const char *full_name, const char *phone,
                 const char *pw_hash, int64_t now, int64_t *id);   /* DB_CONFLICT if taken */
int staff_set_password(db_t *db, int64_t id, const char *pw_hash, int64_t now);
int staff_set_disabled(db_t *db, int64_t id, int disabled, int64_t now);
int staff_set_profile(db_t *db, int64_t id, const char *full_name, const char *phone,
                      const char *duty_hours, int absent_until, int64_t now);
int staff_login_result(db_t *db, int64_t id, int failed_logins, int64_t locked_until);
/* Takes one login attempt before the password is checked: counts it as a
 * failure (a right password resets the count with staff_login_result) unless
 * the account is locked at `now`. The attempt that makes the count reach
 * `lock_at` locks the account until `lock_until` in the same statement, so
 * parallel attempts never get more than `lock_at` checks. Returns this
 * attempt's number (1, 2, ...), 0 when the account is locked, -1 on error. */
int staff_login_claim(db_t *db, int64_t id, int64_t now, int lock_at, int64_t lock_until);
/* Lengthens the lock of attempt number `failed_logins` (the back-off grows
 * with the count) unless a later attempt already changed it. */
int staff_login_lock(db_t *db, int64_t id, int failed_logins, int64_t locked_until);

/* Every role held by the staff member: office_id office_slug office_name
 * office_parent_id office_type role. */
json_t *staff_grants(db_t *db, int64_t staff_id);
int staff_role_add(db_t *db, int64_t staff_id, int64_t office_id, const char *role);
int staff_role_del(db_t *db, int64_t staff_id, int64_t office_id, const char *role);
/* Roles held in one office, as an array of role names. */
/* The office an account-level change is logged under: the first office
 * (lowest id) where the member holds a role; 0 if none. */
int64_t staff_home_office(db_t *db, int64_t staff_id);
json_t *staff_roles_in(db_t *db, int64_t staff_id, int64_t office_id);

/* Staff holding any role in the office, each with "roles" (array) and
 * disabled, duty_hours, absent_until. */
json_t *staff_of_office(db_t *db, int64_t office_id);

/* Escalation chain of an office: level staff_id username full_name wait_min
 * duty_hours absent_until disabled. */
json_t *escalation_get(db_t *db, int64_t office_id);
int escalation_clear(db_t *db, int64_t office_id);
int escalation_add(db_t *db, int64_t office_id, int level, int64_t staff_id, int wait_min);

/* Sessions, keyed by the SHA-256 (hex) of the cookie token. */
int session_create(db_t *db, const char *token_hash, int64_t staff_id, const char *csrf,
                   int64_t now, int64_t expires);
/* staff_id csrf expires_at of a live session, NULL if none. */
json_t *session_get(db_t *db, const char *token_hash, int64_t now);
/* The same into *out: 1 live, 0 none, DB_ERR database failure. */
int session_find(db_t *db, const char *token_hash, int64_t now, json_t **out);
int session_touch(db_t *db, const char *token_hash, int64_t expires);
int session_delete(db_t *db, const char *token_hash);
int session_delete_staff(db_t *db, int64_t staff_id);
/* Every session of the staff member except `keep` (the current one). */
int session_delete_others(db_t *db, int64_t staff_id, const char *keep);

#endif
