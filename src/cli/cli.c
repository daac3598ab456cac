/* cli: the table of commands and `balai ARGV...` — finds the command,
 * answers --help, parses the command's options with its own table plus
 * the global one, and runs it. See cli.h. */
#include "cli/cli.h"
#include "core/secret.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each defined in its own file, cli/NAME.c. */
extern const struct cli_cmd cli_cmd_serve, cli_cmd_init, cli_cmd_migrate, cli_cmd_user,
    cli_cmd_office, cli_cmd_audit, cli_cmd_holidays, cli_cmd_catalogue, cli_cmd_content, cli_cmd_channel,
    cli_cmd_secrets, cli_cmd_token, cli_cmd_answer, cli_cmd_routes, cli_cmd_help;

const struct cli_cmd *const cli_cmds[] = {
    &cli_cmd_serve, &cli_cmd_init, &cli_cmd_migrate, &cli_cmd_user, &cli_cmd_office,
    &cli_cmd_audit, &cli_cmd_holidays, &cli_cmd_catalogue, &cli_cmd_content, &cli_cmd_channel, &cli_cmd_secrets,
    &cli_cmd_token, &cli_cmd_answer, &cli_cmd_routes, &cli_cmd_help, NULL,
};

/* Options every command accepts (struct cli_global). */
static const struct cli_opt global_opts[] = {
    {"--db", OPT_VALUE, offsetof(struct cli_global, db),
     "path berkas SQLite atau postgresql://... (BALAI_DB)"},
    {"--secret-key-file", OPT_VALUE, offsetof(struct cli_global, secret_key_file),
     "berkas kunci rahasia kanal (BALAI_SECRET_KEY_FILE)"},
    {"--files-dir", OPT_VALUE, offsetof(struct cli_global, files_dir),
     "folder berkas kiriman warga (BALAI_FILES_DIR)"},
    {0},
};

const struct cli_cmd *cli_find(const char *name)
{
    for (int i = 0; cli_cmds[i]; i++)
        if (strcmp(cli_cmds[i]->name, name) == 0) return cli_cmds[i];
    return NULL;
}

/* The option named by `arg` in the global table or any command's. */
static const struct cli_opt *any_opt(const char *arg)
{
    const struct cli_opt *o = opt_find(global_opts, arg);
    for (int i = 0; !o && cli_cmds[i]; i++) o = opt_find(cli_cmds[i]->opts, arg);
    return o;
}

/* Options may come before the command ("balai --no-ocr serve", "balai
 * --db X office list"): moves the command word to argv[1], skipping the
 * values of options that take one. */
static void command_first(int argc, char **argv)
{
    for (int i = 1; i < argc && argv[1][0] == '-'; i++) {
        if (argv[i][0] == '-') {
            const struct cli_opt *o = any_opt(argv[i]);
            if (o && o->kind != OPT_FLAG && !strchr(argv[i], '=')) i++;    /* its value */
            continue;
        }
        char *cmd = argv[i];
        memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
        argv[1] = cmd;
        break;
    }
}

static int wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return 1;
    return 0;
}

/* Parses the command's options and runs it. */
static int run(struct cli *c, int argc, char **argv)
{
    void *opts = c->cmd->opts_size ? calloc(1, c->cmd->opts_size) : NULL;
    if (c->cmd->opts_size && !opts) {
        fprintf(stderr, "balai: kehabisan memori\n");
        return 1;
    }
    const struct cli_opt *const tables[] = {global_opts, c->cmd->opts, NULL};
    void *const dsts[] = {&c->g, opts};
    int rc;
    if (opt_parse(argc, argv, tables, dsts, &c->pos) != 0) {
        cli_usage(c);
        rc = 2;
    } else {
        rc = c->cmd->run(c, opts);
    }
    free(opts);
    return rc;
}

int cli_main(int argc, char **argv)
{
    struct cli c = {.cmd = &cli_cmd_help};
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cli_cmd_help.run(&c, NULL);
    command_first(argc, argv);
    c.cmd = cli_find(argv[1]);
    if (!c.cmd) {
        fprintf(stderr, "balai: perintah tidak dikenal: %s (lihat balai --help)\n", argv[1]);
        return 2;
    }
    if (wants_help(argc - 2, argv + 2)) {
        printf("Penggunaan: balai %s\n", c.cmd->usage);
        return 0;
    }
    int rc = run(&c, argc - 2, argv + 2);
    secret_key_forget();
    return rc;
}
