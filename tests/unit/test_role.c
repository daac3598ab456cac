/* Unit tests for core/role: who may do what, where. access_perms is the one
 * function every console page and every office list asks, so a mistake here
 * shows a Jelitik clerk another kelurahan's data or locks a Camat out of the
 * kelurahan he oversees. The offices below mirror the demo hierarchy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/role.h"

/* ids as in a real database: any numbers, only their relations matter */
enum {
    BABEL = 1, KAB_BANGKA = 2, DISKOMINFO = 3, KEC_SUNGAILIAT = 4, JELITIK = 5, SRIMENANTI = 6,
    JABAR = 7, KOTA_BEKASI = 8, BEKASI_UTARA = 9, JATIM = 10, KOTA_MADIUN = 11,
    KEC_MANGUHARJO = 12, SOGATEN = 13, KAB_BELITUNG = 14, KEC_TANJUNGPANDAN = 15,
};

static const struct { int64_t id, parent; const char *type; } offices[] = {
    {BABEL, 0, "provinsi"},
    {KAB_BANGKA, BABEL, "kabupaten"},
    {DISKOMINFO, KAB_BANGKA, "dinas"},
    {KEC_SUNGAILIAT, KAB_BANGKA, "kecamatan"},
    {JELITIK, KEC_SUNGAILIAT, "kelurahan"},
    {SRIMENANTI, KEC_SUNGAILIAT, "kelurahan"},
    {JABAR, 0, "provinsi"},
    {KOTA_BEKASI, JABAR, "kota"},
    {BEKASI_UTARA, KOTA_BEKASI, "kecamatan"},
    {JATIM, 0, "provinsi"},
    {KOTA_MADIUN, JATIM, "kota"},
    {KEC_MANGUHARJO, KOTA_MADIUN, "kecamatan"},
    {SOGATEN, KEC_MANGUHARJO, "kelurahan"},
    /* a second kabupaten in the same province */
    {KAB_BELITUNG, BABEL, "kabupaten"},
    {KEC_TANJUNGPANDAN, KAB_BELITUNG, "kecamatan"},
};
#define NOFFICES (sizeof offices / sizeof offices[0])

static size_t find(int64_t id)
{
    for (size_t i = 0; i < NOFFICES; i++)
        if (offices[i].id == id) return i;
    fail_msg("no office %lld", (long long)id);
    return 0;
}

/* chain[0] = the office, then its parent, ... up to the root */
static size_t chain_of(int64_t id, struct office_node *chain)
{
    size_t n = 0;
    while (id) {
        size_t i = find(id);
        chain[n].id = offices[i].id;
        chain[n].type = offices[i].type;
        n++;
        id = offices[i].parent;
    }
    return n;
}

static struct grant grant(int64_t office, const char *role)
{
    size_t i = find(office);
    return (struct grant){office, offices[i].parent, offices[i].type, role};
}

static unsigned perms_on(const struct grant *g, size_t ng, int64_t office)
{
    struct office_node chain[16];
    size_t n = chain_of(office, chain);
    return access_perms(g, ng, chain, n);
}

#define ALL_PERMS (PERM_VIEW | PERM_OFFICE_EDIT | PERM_OFFICE_CREATE | PERM_STAFF | PERM_AUDIT | \
                   PERM_HOLIDAYS | PERM_CATALOGUE | PERM_INBOX | PERM_CHANNEL | PERM_REQUEST)
#define PJ_PERMS (PERM_VIEW | PERM_OFFICE_EDIT | PERM_STAFF | PERM_AUDIT | PERM_CATALOGUE | \
                  PERM_INBOX | PERM_CHANNEL | PERM_REQUEST | PERM_CONTENT_PUBLISH | PERM_MODERATE)

/* every office of the fixture except those listed (0-terminated) gets 0 */
static void nothing_elsewhere(const struct grant *g, size_t ng, const int64_t *except)
{
    for (size_t i = 0; i < NOFFICES; i++) {
        int skip = 0;
        for (const int64_t *e = except; *e; e++) if (*e == offices[i].id) skip = 1;
        if (skip) continue;
        if (perms_on(g, ng, offices[i].id) != 0)
            fail_msg("grant reaches office %lld: perms %u", (long long)offices[i].id,
                     perms_on(g, ng, offices[i].id));
    }
}

static void test_petugas_sees_only_own_office(void **state)
{
    struct grant g[] = {grant(JELITIK, "petugas_layanan")};
    assert_int_equal(perms_on(g, 1, JELITIK), PERM_VIEW | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST);
    /* not the sibling kelurahan, not the kecamatan above */
    assert_int_equal(perms_on(g, 1, SRIMENANTI), 0);
    assert_int_equal(perms_on(g, 1, KEC_SUNGAILIAT), 0);
    nothing_elsewhere(g, 1, (const int64_t[]){JELITIK, 0});
}

static void test_lurah_at_jelitik(void **state)
{
    struct grant g[] = {grant(JELITIK, "penanggung_jawab")};
    unsigned p = perms_on(g, 1, JELITIK);
    assert_int_equal(p, PJ_PERMS);
    assert_false(p & PERM_OFFICE_CREATE);   /* a kelurahan creates nothing below it */
    assert_false(p & PERM_HOLIDAYS);        /* national holidays are not the lurah's */
    nothing_elsewhere(g, 1, (const int64_t[]){JELITIK, 0});
}

static void test_koordinator_edits_only_own_office(void **state)
{
    struct grant g[] = {grant(KEC_SUNGAILIAT, "koordinator")};
    assert_int_equal(perms_on(g, 1, KEC_SUNGAILIAT),
                     PERM_VIEW | PERM_OFFICE_EDIT | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST |
                     PERM_CONTENT_PUBLISH | PERM_MODERATE);
    /* a sekcam is not the camat: REACH_OFFICE, nothing in the kelurahan below */
    assert_int_equal(perms_on(g, 1, JELITIK), 0);
    assert_int_equal(perms_on(g, 1, SRIMENANTI), 0);
}

static void test_camat_reaches_own_kelurahan_only(void **state)
{
    struct grant g[] = {grant(KEC_SUNGAILIAT, "penanggung_jawab")};
    assert_int_equal(perms_on(g, 1, KEC_SUNGAILIAT), PJ_PERMS);
    assert_int_equal(perms_on(g, 1, JELITIK), PJ_PERMS);
    assert_int_equal(perms_on(g, 1, SRIMENANTI), PJ_PERMS);
    /* never upwards or sideways */
    assert_int_equal(perms_on(g, 1, KAB_BANGKA), 0);
    assert_int_equal(perms_on(g, 1, DISKOMINFO), 0);
    assert_int_equal(perms_on(g, 1, BEKASI_UTARA), 0);
    assert_int_equal(perms_on(g, 1, SOGATEN), 0);
    nothing_elsewhere(g, 1, (const int64_t[]){KEC_SUNGAILIAT, JELITIK, SRIMENANTI, 0});

    /* the Camat of Manguharjo reaches Sogaten but not Jelitik */
    struct grant m[] = {grant(KEC_MANGUHARJO, "penanggung_jawab")};
    assert_int_equal(perms_on(m, 1, SOGATEN), PJ_PERMS);
    assert_int_equal(perms_on(m, 1, JELITIK), 0);
    assert_int_equal(perms_on(m, 1, KEC_SUNGAILIAT), 0);
}

static void test_dinas_admin_reaches_whole_kabupaten(void **state)
{
    struct grant g[] = {grant(DISKOMINFO, "admin_sistem")};
    /* the whole regency: kabupaten itself, the dinas, kecamatan, kelurahan */
    assert_int_equal(perms_on(g, 1, KAB_BANGKA), ALL_PERMS);
    assert_int_equal(perms_on(g, 1, DISKOMINFO), ALL_PERMS);
    assert_int_equal(perms_on(g, 1, KEC_SUNGAILIAT), ALL_PERMS);
    assert_int_equal(perms_on(g, 1, JELITIK), ALL_PERMS);
    assert_int_equal(perms_on(g, 1, SRIMENANTI), ALL_PERMS);
    /* but not the province above, another kabupaten of the same province,
     * or other regions */
    assert_int_equal(perms_on(g, 1, BABEL), 0);
    assert_int_equal(perms_on(g, 1, KAB_BELITUNG), 0);
    assert_int_equal(perms_on(g, 1, KEC_TANJUNGPANDAN), 0);
    assert_int_equal(perms_on(g, 1, BEKASI_UTARA), 0);
    assert_int_equal(perms_on(g, 1, SOGATEN), 0);
    nothing_elsewhere(g, 1, (const int64_t[]){KAB_BANGKA, DISKOMINFO, KEC_SUNGAILIAT, JELITIK,
                                              SRIMENANTI, 0});
}

static void test_admin_outside_dinas_reaches_own_subtree(void **state)
{
    /* admin_sistem held in a kelurahan: that kelurahan only (no region above) */
    struct grant g[] = {grant(SRIMENANTI, "admin_sistem")};
    assert_int_equal(perms_on(g, 1, SRIMENANTI), ALL_PERMS);
    assert_int_equal(perms_on(g, 1, JELITIK), 0);
    assert_int_equal(perms_on(g, 1, KEC_SUNGAILIAT), 0);
    nothing_elsewhere(g, 1, (const int64_t[]){SRIMENANTI, 0});
    /* held in a province: the whole province */
    struct grant p[] = {grant(BABEL, "admin_sistem")};
    assert_int_equal(perms_on(p, 1, JELITIK), ALL_PERMS);
    assert_int_equal(perms_on(p, 1, KEC_TANJUNGPANDAN), ALL_PERMS);
    assert_int_equal(perms_on(p, 1, SOGATEN), 0);
}

static void test_other_dinas_roles_stay_in_dinas(void **state)
{
    /* content staff of the Diskominfo: their own office only (where they
     * keep the regency's template catalogue) */
    struct grant c[] = {grant(DISKOMINFO, "pengelola_konten")};
    assert_int_equal(perms_on(c, 1, DISKOMINFO),
                     PERM_VIEW | PERM_CATALOGUE | PERM_CONTENT_DRAFT | PERM_MODERATE);
    assert_int_equal(perms_on(c, 1, JELITIK), 0);
    assert_int_equal(perms_on(c, 1, KAB_BANGKA), 0);
    /* the head of the dinas: the dinas (nothing sits below it) */
    struct grant k[] = {grant(DISKOMINFO, "penanggung_jawab")};
    assert_int_equal(perms_on(k, 1, DISKOMINFO), PJ_PERMS);
    assert_int_equal(perms_on(k, 1, JELITIK), 0);
    assert_int_equal(perms_on(k, 1, KAB_BANGKA), 0);
}

static void test_pengawas_views_audits_and_validates(void **state)
{
    const unsigned P = PERM_VIEW | PERM_AUDIT | PERM_CONTENT_VALIDATE;
    struct grant g[] = {grant(DISKOMINFO, "pengawas_kebijakan")};
    assert_int_equal(perms_on(g, 1, JELITIK), P);
    assert_int_equal(perms_on(g, 1, KAB_BANGKA), P);
    assert_int_equal(perms_on(g, 1, SOGATEN), 0);
    assert_int_equal(perms_on(g, 1, KAB_BELITUNG), 0);
    struct grant s[] = {grant(SOGATEN, "pengawas_kebijakan")};
    assert_int_equal(perms_on(s, 1, SOGATEN), P);
    assert_int_equal(perms_on(s, 1, KEC_MANGUHARJO), 0);
}

static void test_unknown_role_grants_nothing(void **state)
{
    struct grant g[] = {grant(JELITIK, "superuser"), grant(BABEL, "Admin_Sistem"),
                        grant(BABEL, ""), grant(BABEL, NULL)};
    for (size_t i = 0; i < NOFFICES; i++)
        assert_int_equal(perms_on(g, 4, offices[i].id), 0);
    assert_null(role_find("superuser"));
    assert_null(role_find(NULL));
    assert_non_null(role_find("petugas_layanan"));
}

static void test_no_grants_and_empty_chain(void **state)
{
    assert_int_equal(perms_on(NULL, 0, JELITIK), 0);
    struct grant g[] = {grant(BABEL, "admin_sistem")};
    struct office_node none[1];
    assert_int_equal(access_perms(g, 1, none, 0), 0);
}

static void test_grants_union(void **state)
{
    /* several roles in one office add up */
    struct grant g[] = {grant(JELITIK, "pengelola_konten"), grant(JELITIK, "koordinator")};
    assert_int_equal(perms_on(g, 2, JELITIK),
                     PERM_VIEW | PERM_OFFICE_EDIT | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST |
                     PERM_CONTENT_DRAFT | PERM_CONTENT_PUBLISH | PERM_MODERATE);
    /* roles in different offices each count where they reach, and only there */
    struct grant h[] = {grant(JELITIK, "petugas_layanan"), grant(SOGATEN, "penanggung_jawab"),
                        grant(BEKASI_UTARA, "pengawas_kebijakan")};
    assert_int_equal(perms_on(h, 3, JELITIK), PERM_VIEW | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST);
    assert_int_equal(perms_on(h, 3, SOGATEN), PJ_PERMS);
    assert_int_equal(perms_on(h, 3, BEKASI_UTARA), PERM_VIEW | PERM_AUDIT | PERM_CONTENT_VALIDATE);
    assert_int_equal(perms_on(h, 3, SRIMENANTI), 0);
    /* a wider role on top of a narrow one */
    struct grant w[] = {grant(JELITIK, "petugas_layanan"), grant(KEC_SUNGAILIAT, "penanggung_jawab")};
    assert_int_equal(perms_on(w, 2, JELITIK), PJ_PERMS);
    /* an unknown role beside a real one changes nothing */
    struct grant u[] = {grant(JELITIK, "raja"), grant(JELITIK, "petugas_layanan")};
    assert_int_equal(perms_on(u, 2, JELITIK), PERM_VIEW | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST);
}

static void test_role_table(void **state)
{
    /* the roles of the seeds, each with at least view */
    static const char *names[] = {"penanggung_jawab", "koordinator", "admin_sistem",
        "petugas_layanan", "petugas_verifikasi", "pengelola_konten", "editor",
        "desainer_grafis", "pengawas_kebijakan"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const struct role_def *d = role_find(names[i]);
        assert_non_null(d);
        assert_true(d->perms & PERM_VIEW);
        assert_true(d->label && d->label[0]);
    }
    /* only admin_sistem may create offices or confirm national holidays */
    for (const struct role_def *d = role_defs; d->name; d++) {
        if (strcmp(d->name, "admin_sistem") == 0) continue;
        if (d->perms & (PERM_OFFICE_CREATE | PERM_HOLIDAYS)) fail_msg("%s may create offices", d->name);
    }
    assert_string_equal(perm_name(PERM_VIEW), "view");
    assert_string_equal(perm_name(PERM_OFFICE_EDIT), "office_edit");
    assert_string_equal(perm_name(PERM_STAFF), "staff");
    assert_string_equal(perm_name(PERM_AUDIT), "audit");
    assert_string_equal(perm_name(0), "");
}

static void test_office_type_fits(void **state)
{
    /* kelurahan and desa only under a kecamatan */
    assert_true(office_type_fits("kecamatan", "kelurahan"));
    assert_true(office_type_fits("kecamatan", "desa"));
    assert_false(office_type_fits("kabupaten", "kelurahan"));
    assert_false(office_type_fits("kota", "desa"));
    assert_false(office_type_fits("kelurahan", "kelurahan"));
    assert_false(office_type_fits("dinas", "kelurahan"));
    assert_false(office_type_fits("provinsi", "kelurahan"));
    /* dinas under a provinsi or kabupaten/kota, never under a kecamatan or a dinas */
    assert_true(office_type_fits("kabupaten", "dinas"));
    assert_true(office_type_fits("kota", "dinas"));
    assert_true(office_type_fits("provinsi", "dinas"));
    assert_false(office_type_fits("kecamatan", "dinas"));
    assert_false(office_type_fits("dinas", "dinas"));
    assert_false(office_type_fits("kelurahan", "dinas"));
    /* kecamatan under kabupaten/kota only */
    assert_true(office_type_fits("kabupaten", "kecamatan"));
    assert_true(office_type_fits("kota", "kecamatan"));
    assert_false(office_type_fits("provinsi", "kecamatan"));
    assert_false(office_type_fits("kecamatan", "kecamatan"));
    assert_false(office_type_fits("dinas", "kecamatan"));
    /* kabupaten/kota under a provinsi */
    assert_true(office_type_fits("provinsi", "kabupaten"));
    assert_true(office_type_fits("provinsi", "kota"));
    assert_false(office_type_fits("kabupaten", "kota"));
    assert_false(office_type_fits("provinsi", "provinsi"));
    /* nothing under a kelurahan or desa; a provinsi under nothing else */
    static const char *all[] = {"provinsi", "kabupaten", "kota", "dinas", "kecamatan",
                                "kelurahan", "desa"};
    for (size_t i = 0; i < 7; i++) {
        assert_false(office_type_fits("kelurahan", all[i]));
        assert_false(office_type_fits("desa", all[i]));
        assert_false(office_type_fits(all[i], "provinsi"));
        /* a deployment may start at any level */
        assert_true(office_type_fits(NULL, all[i]));
        assert_true(office_type_valid(all[i]));
        assert_true(office_type_label(all[i])[0] != '\0');
    }
    /* unknown types never fit, whichever side */
    assert_false(office_type_fits("kecamatan", "rt"));
    assert_false(office_type_fits("rw", "kelurahan"));
    assert_false(office_type_fits(NULL, "kerajaan"));
    assert_false(office_type_fits("kecamatan", NULL));
    assert_false(office_type_fits("kecamatan", ""));
    assert_false(office_type_fits("Kecamatan", "kelurahan"));   /* stored form is lower case */
    assert_false(office_type_valid("rt"));
    assert_false(office_type_valid(NULL));
    assert_string_equal(office_type_label("kelurahan"), "Kelurahan");
    assert_string_equal(office_type_label("rt"), "");
}

/* may_grant: whether someone holding grants g may give `role` at office. */
static int may_grant(const struct grant *g, size_t ng, const char *role, int64_t office)
{
    struct office_node chain[16];
    size_t n = chain_of(office, chain);
    const struct role_def *d = role_find(role);
    assert_non_null(d);
    return role_grantable(d, access_perms(g, ng, chain, n), g, ng, chain, n);
}

/* Only petugas_verifikasi judges documents, yet the Lurah (and the regency
 * admin) must be able to appoint one; nobody may hand out more than that. */
static void test_who_may_grant_verifikasi(void **state)
{
    (void)state;
    const struct role_def *verif = role_find("petugas_verifikasi");
    assert_non_null(verif);
    assert_false(role_find("penanggung_jawab")->perms & PERM_VERIFY);
    struct grant lurah[] = {grant(JELITIK, "penanggung_jawab")};
    struct grant admin[] = {grant(DISKOMINFO, "admin_sistem")};
    struct grant editor[] = {grant(JELITIK, "editor"), grant(JELITIK, "petugas_layanan")};
    assert_true(may_grant(lurah, 1, "petugas_verifikasi", JELITIK));
    assert_true(may_grant(admin, 1, "petugas_verifikasi", JELITIK));
    assert_false(may_grant(editor, 2, "petugas_verifikasi", JELITIK));  /* no staff permission */
    assert_false(may_grant(lurah, 1, "admin_sistem", JELITIK));        /* never more than one holds */
    assert_true(may_grant(lurah, 1, "editor", JELITIK));
    assert_false(may_grant(lurah, 1, "editor", SRIMENANTI));           /* not his office */
}

/* A role may reach no further than its granter: the head of the dinas
 * (penanggung_jawab there, reaching only the dinas) may not appoint a
 * pengawas_kebijakan at the dinas, who would read every office of the
 * kabupaten; the regency admin may. */
static void test_grant_reach_not_beyond_own(void **state)
{
    (void)state;
    struct grant kadis[] = {grant(DISKOMINFO, "penanggung_jawab")};
    struct grant admin[] = {grant(DISKOMINFO, "admin_sistem")};
    struct grant camat[] = {grant(KEC_SUNGAILIAT, "penanggung_jawab")};
    struct grant lurah[] = {grant(JELITIK, "penanggung_jawab")};
    assert_false(may_grant(kadis, 1, "pengawas_kebijakan", DISKOMINFO));
    assert_true(may_grant(kadis, 1, "penanggung_jawab", DISKOMINFO));  /* the dinas subtree */
    assert_true(may_grant(kadis, 1, "petugas_layanan", DISKOMINFO));
    assert_true(may_grant(admin, 1, "pengawas_kebijakan", DISKOMINFO));
    assert_true(may_grant(admin, 1, "pengawas_kebijakan", KEC_SUNGAILIAT));
    /* outside a dinas a pengawas reaches the office's subtree: the Camat
     * and the Lurah reach as far */
    assert_true(may_grant(camat, 1, "pengawas_kebijakan", KEC_SUNGAILIAT));
    assert_true(may_grant(camat, 1, "penanggung_jawab", JELITIK));
    assert_true(may_grant(lurah, 1, "pengawas_kebijakan", JELITIK));
    /* a Lurah who also holds a role at the dinas gains no reach from it */
    struct grant both[] = {grant(JELITIK, "penanggung_jawab"), grant(DISKOMINFO, "editor")};
    assert_false(may_grant(both, 2, "pengawas_kebijakan", DISKOMINFO));
    /* no grants, no chain */
    const struct role_def *ed = role_find("editor");
    struct office_node chain[16];
    size_t n = chain_of(JELITIK, chain);
    assert_false(role_grantable(ed, PJ_PERMS, NULL, 0, chain, n));
    assert_false(role_grantable(ed, PJ_PERMS, lurah, 1, chain, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_petugas_sees_only_own_office),
        cmocka_unit_test(test_lurah_at_jelitik),
        cmocka_unit_test(test_koordinator_edits_only_own_office),
        cmocka_unit_test(test_camat_reaches_own_kelurahan_only),
        cmocka_unit_test(test_dinas_admin_reaches_whole_kabupaten),
        cmocka_unit_test(test_admin_outside_dinas_reaches_own_subtree),
        cmocka_unit_test(test_other_dinas_roles_stay_in_dinas),
        cmocka_unit_test(test_pengawas_views_audits_and_validates),
        cmocka_unit_test(test_unknown_role_grants_nothing),
        cmocka_unit_test(test_no_grants_and_empty_chain),
        cmocka_unit_test(test_grants_union),
        cmocka_unit_test(test_role_table),
        cmocka_unit_test(test_office_type_fits),
        cmocka_unit_test(test_who_may_grant_verifikasi),
        cmocka_unit_test(test_grant_reach_not_beyond_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
