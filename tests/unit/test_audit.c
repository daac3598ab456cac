/* Unit tests for core/audit: the hash that chains the audit log. `balai audit
 * verify` can only detect an edited row if every field of the row is in the
 * hash, and only tell rows apart if different rows never feed the hash the
 * same bytes (NULL vs "", field boundaries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <string.h>

#include "core/audit.h"

static const char *PREV = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

static struct audit_entry base(void)
{
    return (struct audit_entry){
        .seq = 42, .ts = 1767225600, .actor_id = 7, .office_id = 5,
        .actor = "lurah.jelitik", .action = "office.update", .entity = "office",
        .entity_id = "jelitik",
        .before = "{\"address\":\"Jl. Laut\"}", .after = "{\"address\":\"Jl. Laut No. 12\"}",
        .prev_hash = PREV,
    };
}

static void hash_of(const struct audit_entry *e, char out[65])
{
    memset(out, 'x', 65);
    audit_hash(e, out);
}

static void assert_hex64(const char *h)
{
    assert_int_equal(strlen(h), 64);
    for (int i = 0; i < 64; i++)
        if (!isxdigit((unsigned char)h[i]) || isupper((unsigned char)h[i]))
            fail_msg("not lower-case hex at %d: %s", i, h);
}

/* e hashes differently from the base row */
static void differs(const struct audit_entry *e, const char *what)
{
    struct audit_entry b = base();
    char h1[65], h2[65];
    hash_of(&b, h1);
    hash_of(e, h2);
    assert_hex64(h2);
    if (strcmp(h1, h2) == 0) fail_msg("changing %s does not change the hash", what);
}

static void test_deterministic_hex(void **state)
{
    struct audit_entry e = base();
    char a[65], b[65];
    hash_of(&e, a);
    hash_of(&e, b);
    assert_hex64(a);
    assert_string_equal(a, b);
    /* the same content in other buffers (as when read back from the DB) */
    char actor[32], after[64];
    strcpy(actor, "lurah.jelitik");
    strcpy(after, e.after);
    e.actor = actor;
    e.after = after;
    hash_of(&e, b);
    assert_string_equal(a, b);
    /* not the hash of nothing, not the genesis value */
    assert_string_not_equal(a, AUDIT_GENESIS);
    assert_string_not_equal(a, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_every_field_counts(void **state)
{
    struct audit_entry e;
    e = base(); e.seq = 43; differs(&e, "seq");
    e = base(); e.ts = 1767225601; differs(&e, "ts");
    e = base(); e.actor_id = 8; differs(&e, "actor_id");
    e = base(); e.actor_id = 0; differs(&e, "actor_id (system)");
    e = base(); e.office_id = 6; differs(&e, "office_id");
    e = base(); e.office_id = 0; differs(&e, "office_id (none)");
    e = base(); e.actor = "lurah.jelitiK"; differs(&e, "actor");
    e = base(); e.action = "office.hours"; differs(&e, "action");
    e = base(); e.entity = "staff"; differs(&e, "entity");
    e = base(); e.entity_id = "srimenanti"; differs(&e, "entity_id");
    e = base(); e.before = "{\"address\":\"Jl. Laut \"}"; differs(&e, "before");
    e = base(); e.after = "{\"address\":\"Jl. Laut No. 13\"}"; differs(&e, "after");
    e = base(); e.prev_hash = AUDIT_GENESIS; differs(&e, "prev_hash");
    /* one bit at the very end of the previous hash */
    char prev[65];
    strcpy(prev, PREV);
    prev[63] = '9';
    e = base(); e.prev_hash = prev; differs(&e, "last char of prev_hash");
    /* negative / huge numbers are still distinct */
    e = base(); e.seq = -42; differs(&e, "sign of seq");
    e = base(); e.ts = INT64_MAX; differs(&e, "ts = INT64_MAX");
}

static void test_null_and_empty_differ(void **state)
{
    struct audit_entry e = base(), f = base();
    char h1[65], h2[65];
    /* a row created (before NULL) vs one whose before was an empty text */
    e.before = NULL;
    f.before = "";
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_hex64(h1);
    assert_string_not_equal(h1, h2);
    differs(&e, "before NULL");
    differs(&f, "before \"\"");
    e = base(); f = base();
    e.after = NULL;
    f.after = "";
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_string_not_equal(h1, h2);
    /* NULL in before vs NULL in after (a creation vs a deletion) */
    e = base(); f = base();
    e.before = NULL;
    e.after = "{\"x\":1}";
    f.before = "{\"x\":1}";
    f.after = NULL;
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_string_not_equal(h1, h2);
    /* the string "-1" must not collide with NULL's length marker */
    e = base(); f = base();
    e.before = NULL;
    f.before = "-1:";
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_string_not_equal(h1, h2);
}

static void test_field_boundaries(void **state)
{
    /* moving bytes from one field to the next must change the hash */
    struct audit_entry e = base(), f = base();
    char h1[65], h2[65];
    e.action = "office.up";
    e.entity = "dateoffice";
    f.action = "office.update";
    f.entity = "office";
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_string_not_equal(h1, h2);
    e = base(); f = base();
    e.before = "{\"a\":1}{\"b\":2}";
    e.after = "";
    f.before = "{\"a\":1}";
    f.after = "{\"b\":2}";
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_string_not_equal(h1, h2);
    /* numbers next to strings: seq 1 ts 23 vs seq 12 ts 3 */
    e = base(); f = base();
    e.seq = 1; e.ts = 23;
    f.seq = 12; f.ts = 3;
    hash_of(&e, h1);
    hash_of(&f, h2);
    assert_string_not_equal(h1, h2);
}

static void test_chain_links(void **state)
{
    /* each row's hash is the next row's prev_hash: changing row 1 changes row 2's hash */
    struct audit_entry r1 = base(), r2 = base();
    char h1[65], h2[65], h1b[65], h2b[65];
    r1.seq = 1;
    r1.prev_hash = AUDIT_GENESIS;
    hash_of(&r1, h1);
    r2.seq = 2;
    r2.prev_hash = h1;
    hash_of(&r2, h2);
    r1.after = "{\"address\":\"dipalsukan\"}";
    hash_of(&r1, h1b);
    r2.prev_hash = h1b;
    hash_of(&r2, h2b);
    assert_string_not_equal(h1, h1b);
    assert_string_not_equal(h2, h2b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic_hex),
        cmocka_unit_test(test_every_field_counts),
        cmocka_unit_test(test_null_and_empty_differ),
        cmocka_unit_test(test_field_boundaries),
        cmocka_unit_test(test_chain_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
