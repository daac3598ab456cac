/* answer: `balai answer` — prints the bot's decision for one citizen's
 * message (intent, service, confidence, reply), or with --jsonl one JSON
 * object per line of stdin. Nothing is stored. */
#include "cli/cli.h"
#include "bot/bot.h"
#include "channels/botenv.h"
#include "db/store_office.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct answer_args {
    const char *office;
    int json, jsonl;
};

static const struct cli_opt answer_opts[] = {
    {"--office", OPT_VALUE, offsetof(struct answer_args, office), "slug kantor"},
    {"--json", OPT_FLAG, offsetof(struct answer_args, json), "keputusan sebagai JSON"},
    {"--jsonl", OPT_FLAG, offsetof(struct answer_args, jsonl), "satu pesan per baris dari stdin"},
    {0},
};

static void answer_one(struct bot_env *env, const char *text, int as_json)
{
    size_t n = strlen(text) + 1;
    char *masked = malloc(n);
    if (!masked) return;
    struct bot_input in = {.text = masked};
    in.sensitive = bot_mask(text, masked, n) > 0;
    json_t *state = json_object();
    struct bot_decision d;
    if (bot_decide(env->cat, &env->o, state, &in, &d) != 0) {
        fprintf(stderr, "balai: memori habis\n");
        json_decref(state);
        free(masked);
        return;
    }
    if (as_json) {
        json_t *j = bot_decision_json(&d);
        char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(4));
        if (s) puts(s);
        free(s);
        json_decref(j);
    } else {
        printf("niat: %s", bot_intent_name(d.intent));
        if (d.service) printf(" (%s)", d.service);
        printf(", keyakinan %.2f%s%s\n\n%s\n", d.confidence, d.handover ? ", diteruskan ke petugas" : "",
               d.sensitive ? ", data pribadi" : "", d.reply.text ? d.reply.text : "");
        for (int i = 0; i < d.reply.nrows; i++) printf("  [%s] %s\n", d.reply.rows[i].id, d.reply.rows[i].title);
        for (int i = 0; i < d.reply.nbuttons; i++)
            printf("  [%s] %s\n", d.reply.buttons[i].id, d.reply.buttons[i].title);
    }
    bot_decision_free(&d);
    json_decref(state);
    free(masked);
}

static int answer_cmd(struct cli *c, void *opts)
{
    const struct answer_args *o = opts;
    if (!o->office || (!o->jsonl && c->pos.n != 1)) {
        cli_usage(c);
        return 2;
    }
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    json_t *office = office_get(db, o->office);
    struct bot_env env;
    const char *base = getenv("BALAI_BASE_URL");
    botenv_set_base_url(base && *base ? base : "http://127.0.0.1:8080");
    if (!office || botenv_load(db, json_integer_value(json_object_get(office, "id")), time(NULL),
                               &env) != 0) {
        fprintf(stderr, "balai: kantor \"%s\" tidak ditemukan\n", o->office);
        json_decref(office);
        db_close(db);
        return 1;
    }
    /* a sensitive message's reply names a private upload link; here it is
     * only an example, nothing is stored */
    snprintf(env.upload, sizeof env.upload, "%s/unggah/(tautan-pribadi)", botenv_base_url());
    env.o.upload_url = env.upload;
    if (!o->jsonl) {
        answer_one(&env, c->pos.v[0], o->json);
    } else {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while ((len = getline(&line, &cap, stdin)) >= 0) {
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
            json_t *v = json_loads(line, JSON_DECODE_ANY, NULL);
            const char *text = json_is_string(v) ? json_string_value(v)
                             : json_is_object(v) ? json_string_value(json_object_get(v, "text")) : line;
            answer_one(&env, text ? text : "", 1);
            json_decref(v);
        }
        free(line);
    }
    botenv_free(&env);
    botenv_cache_clear();
    json_decref(office);
    db_close(db);
    return 0;
}

const struct cli_cmd cli_cmd_answer = {
    .name = "answer",
    .usage = "answer --office SLUG [--db URL] [--json] \"PESAN\"\n"
               "       balai answer --office SLUG --jsonl < pesan.jsonl\n"
               "  Mencetak keputusan bot untuk satu pesan warga (niat, layanan, keyakinan, balasan);\n"
               "  --jsonl membaca satu pesan per baris dan menulis satu objek JSON per baris.",
    .opts = answer_opts,
    .opts_size = sizeof(struct answer_args),
    .run = answer_cmd,
};
