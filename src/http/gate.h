/* gate: the one check every request passes before its handler (house rule
 * 2): session, role, office scope and CSRF, as the route declares them.
 * On staff routes a personal access token (`Authorization: Bearer`,
 * db/store_token.h) may stand in for the session cookie; then no CSRF token
 * is asked for, no cookie is read or set, and wrong tokens are counted per
 * client address. Also the session helpers that login and logout use. */
#ifndef BALAI_GATE_H
#define BALAI_GATE_H
#include "http/req.h"

struct role_def;

#define SESSION_COOKIE "balai_sesi"
#define PRE_COOKIE "balai_pra"
#define SESSION_TTL (8 * 3600)      /* idle time before a session ends */

/* 0: go on to the handler. Otherwise the refusal (redirect to login, 403,
 * 404) has been written to r. */
int gate_check(struct req *r);

/* 1 when the request comes from a signed-in member (a live session cookie
 * or a valid personal access token), 0 when not, -1 when the database
 * could not say; asked before the body is read (RF_BIG), it leaves nothing
 * loaded, so gate_check decides everything again afterwards. */
int gate_signed_in(struct req *r);

/* Permissions of the signed-in staff member on office `id` (0 if none, and
 * 0 when the database failed: a list leaves the office out). */
unsigned gate_perms_on(struct req *r, int64_t office_id);
/* The same into *perms: 0, or -1 when the office and its parents could not
 * be read (*perms is 0 then): what decides a page must tell that from "no
 * role there" (the gate answers 503, not 403). */
int gate_office_perms(struct req *r, int64_t office_id, unsigned *perms);

/* 1 if the signed-in staff member may give role d at office `id`
 * (role_grantable: its permissions and its reach). */
int gate_may_grant(struct req *r, int64_t office_id, const struct role_def *d);

/* Union of the permissions of every role held anywhere (what the
 * navigation may offer; each page still checks its own office). */
unsigned gate_perms_anywhere(struct req *r);

/* Starts a session for staff `id` (sets the cookie). 0 or -1. */
int gate_login(struct req *r, int64_t staff_id);
void gate_logout(struct req *r);

/* A fresh random token (hex, 64 chars + NUL). */
void gate_token(char out[65]);

#endif
