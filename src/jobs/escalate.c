/* escalate: see escalate.h. */
#include "jobs/escalate.h"
#include "core/escalation.h"
#include "core/sla.h"
#include "db/office_status.h"
#include "db/store_audit.h"
#include "db/store_inbox.h"
#include "db/store_office.h"
#include "db/store_staff.h"
#include "live/live.h"
#include "util/log.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>

#define SWEEP_MAX 500   /* conversations looked at per sweep, oldest first */

/* One office's chain in core/escalation.h's form; hours[] holds the
 * members' own duty hours (NULL duty: the office's). */
struct chain {
    int64_t office_id;
    json_t *rows;
    struct esc_member m[32];
    struct week_hours hours[32];
    size_t n;
    struct week_hours office_hours;
    struct calendar cal;
    int *closed;
};

static void chain_free(struct chain *c)
{
    json_decref(c->rows);
    free(c->closed);
    c->rows = NULL;
    c->closed = NULL;
}

static int chain_load(db_t *db, int64_t office_id, int64_t now, struct chain *c)
{
    chain_free(c);
    c->office_id = office_id;
    c->n = 0;
    json_t *office = office_get_id(db, office_id);
    if (!office) return -1;
    office_calendar_load(db, office, now, &c->office_hours, &c->cal, &c->closed);
    json_decref(office);
    c->rows = escalation_get(db, office_id);
    if (!c->rows) return -1;
    size_t i;
    json_t *e;
    json_array_foreach(c->rows, i, e) {
        if (c->n == sizeof c->m / sizeof c->m[0]) break;
        struct esc_member *m = &c->m[c->n];
        m->staff_id = jv_int(e, "staff_id");
        m->wait_min = (int)jv_int(e, "wait_min");
        m->absent_until = (int)jv_int(e, "absent_until");
        m->disabled = json_is_true(json_object_get(e, "disabled"));
        m->duty = NULL;
        if (*jv_str(e, "duty_hours") && hours_from_text(jv_str(e, "duty_hours"), &c->hours[c->n]) == 0)
            m->duty = &c->hours[c->n];
        c->n++;
    }
    return 0;
}

/* the chain position of staff_id, -1 when not in the chain */
static int level_of(const struct chain *c, int64_t staff_id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->m[i].staff_id == staff_id) return (int)i;
    return -1;
}

static int move(db_t *db, const struct chain *c, int64_t conv, int64_t from, int to,
                int64_t now)
{
    const json_t *row = json_array_get(c->rows, (size_t)to);
    int64_t staff = c->m[to].staff_id;
    struct actor sys = {0, "sistem"};
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)conv);
    json_t *before = json_pack("{s:I}", "assigned_to", (json_int_t)from);
    json_t *after = json_pack("{s:I, s:s, s:I, s:s}", "assigned_to", (json_int_t)staff,
                              "assigned_name", jv_str(row, "full_name"), "level",
                              (json_int_t)jv_int(row, "level"), "reason",
                              "belum dijawab melewati waktu tunggu");
    json_t *extra = json_pack("{s:I, s:s, s:s}", "staff", (json_int_t)staff, "name",
                              jv_str(row, "full_name"), "by", "sistem");
    int rc = db_begin(db);
    /* another instance may have moved it since the candidates were read */
    int64_t holder = -1;
    if (rc == 0) rc = db_xact_lock(db, "escalate");
    if (rc == 0 && inbox_human_holder(db, conv, &holder) != DB_ROW)
        rc = 1;
    if (rc == 0 && holder != from) rc = 1;
    if (rc == 0) rc = inbox_assign(db, conv, staff);
    if (rc == 0) rc = audit_append(db, &sys, c->office_id, "conversation.escalate",
                                   "conversation", cid, before, after, now);
    if (rc == 0) rc = live_publish(db, c->office_id, "assign", conv, extra);
    json_decref(before);
    json_decref(after);
    json_decref(extra);
    if (rc == 0 && db_commit(db) == 0) return 1;
    db_rollback(db);
    return rc == 1 ? 0 : -1;
}

int escalate_sweep(db_t *db, int64_t now)
{
    json_t *cands = inbox_escalation_candidates(db, SWEEP_MAX);
    if (!cands) return -1;
    struct chain c = {0};
    int moved = 0, err = 0;
    size_t i;
    json_t *x;
    json_array_foreach(cands, i, x) {
        int64_t office = jv_int(x, "office_id"), conv = jv_int(x, "id"), holder = jv_int(x, "assigned_to");
        if (c.office_id != office || !c.rows) {
            if (chain_load(db, office, now, &c) != 0) { err = 1; continue; }
        }
        if (!c.n) continue;
        int64_t since = inbox_wait_since(db, conv);
        if (since <= 0) continue;                       /* answered: nothing to do */
        int waited = (int)(sla_open_seconds(&c.cal, since, now) / 60);
        int pick = escalation_pick(c.m, c.n, &c.cal, now, waited);
        int at = level_of(&c, holder);
        /* someone outside the chain took it on purpose: leave it; never hand
         * a conversation back down the chain; and an unassigned one within
         * the first level's wait is simply there for level 1 to take */
        if (pick < 0 || (holder && at < 0) || pick <= at || (!holder && pick == 0)) continue;
        int rc = move(db, &c, conv, holder, pick, now);
        if (rc > 0) moved++;
        else if (rc < 0) err = 1;
    }
    chain_free(&c);
    json_decref(cands);
    if (moved) log_info("eskalasi: %d percakapan dipindahkan ke tingkat berikutnya", moved);
    return err && !moved ? -1 : moved;
}
