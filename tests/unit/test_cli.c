/* Unit tests for cli/opt and the command table: an IT officer's script
 * passes options as "--x V", "--x=V" or flags, in any order with the
 * positional words; a missing value or an unknown option must stop the
 * command (exit 2) instead of being taken for a positional argument; and
 * every option a command accepts is named in its --help text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct t_args {
    const char *office, *name;
    int flag, n;
};

static const struct cli_opt t_opts[] = {
    {"--office", OPT_VALUE, offsetof(struct t_args, office), "slug kantor"},
    {"--name", OPT_VALUE, offsetof(struct t_args, name), "nama"},
    {"--flag", OPT_FLAG, offsetof(struct t_args, flag), "sebuah tanda"},
    {"--n", OPT_INT, offsetof(struct t_args, n), "sebuah bilangan"},
    {0},
};

static int parse(int argc, char **argv, struct t_args *a, struct opt_pos *pos)
{
    const struct cli_opt *const tables[] = {t_opts, NULL};
    void *const dsts[] = {a};
    memset(a, 0, sizeof *a);
    memset(pos, 0, sizeof *pos);
    return opt_parse(argc, argv, tables, dsts, pos);
}

static void test_values_flags_and_positionals(void **state)
{
    char *argv[] = {"add", "--office", "jelitik", "dina", "--name=Dina Lestari", "--flag",
                    "--n", "7", "--office=sogaten"};
    struct t_args a;
    struct opt_pos pos;
    assert_int_equal(parse(9, argv, &a, &pos), 0);
    assert_string_equal(a.office, "sogaten");       /* the last one wins */
    assert_string_equal(a.name, "Dina Lestari");
    assert_int_equal(a.flag, 1);
    assert_int_equal(a.n, 7);
    assert_int_equal(pos.n, 2);
    assert_string_equal(pos.v[0], "add");
    assert_string_equal(pos.v[1], "dina");
}

static void test_missing_value_and_unknown_option_fail(void **state)
{
    struct t_args a;
    struct opt_pos pos;
    char *missing[] = {"list", "--office"};
    assert_int_equal(parse(2, missing, &a, &pos), -1);
    char *unknown[] = {"list", "--warna"};
    assert_int_equal(parse(2, unknown, &a, &pos), -1);
    char *flag_eq[] = {"--flag=1"};                   /* a flag takes no value */
    assert_int_equal(parse(1, flag_eq, &a, &pos), -1);
    char *prefix[] = {"--off", "x"};                  /* no abbreviations */
    assert_int_equal(parse(2, prefix, &a, &pos), -1);
    char *dash[] = {"-"};                             /* "-" is stdin, a positional */
    assert_int_equal(parse(1, dash, &a, &pos), 0);
    assert_int_equal(pos.n, 1);
}

static void test_every_option_is_in_its_usage(void **state)
{
    int n = 0;
    for (int i = 0; cli_cmds[i]; i++, n++) {
        const struct cli_cmd *c = cli_cmds[i];
        assert_ptr_equal(cli_find(c->name), c);
        assert_int_equal(strncmp(c->usage, c->name, strlen(c->name)), 0);
        for (const struct cli_opt *o = c->opts; o && o->name; o++) {
            if (!strstr(c->usage, o->name)) fail_msg("%s: %s not in its usage", c->name, o->name);
            assert_non_null(o->help);
        }
        assert_true(c->opts ? c->opts_size > 0 : c->opts_size == 0);
    }
    assert_true(n >= 13);
    static const char *const readme[] = {"serve", "init", "migrate", "user", "office", "audit",
        "holidays", "catalogue", "channel", "secrets", "answer", "routes", "help"};
    for (size_t i = 0; i < sizeof readme / sizeof *readme; i++)
        if (!cli_find(readme[i])) fail_msg("no command %s", readme[i]);
    assert_null(cli_find("terbang"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_flags_and_positionals),
        cmocka_unit_test(test_missing_value_and_unknown_option_fail),
        cmocka_unit_test(test_every_option_is_in_its_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
