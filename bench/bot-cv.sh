#!/usr/bin/env bash
# Measures the chat bot's n-gram model (src/bot/ngram.h) out of sample by
# k-fold cross-validation, through the real decision (`balai answer`):
# message i of the labelled set goes to fold i mod K; for each fold a
# binary is built whose model is trained on the other K-1 folds only, and
# it answers that fold's messages. Prints, per fold and over all folds,
# right first time, confident wrong and ask-back (two services offered to
# choose from) for the rules alone (a build with an empty model) and for
# the rules with the fold's model. Nothing is
# asserted. No message is ever scored by a model that was trained on it;
# the rules themselves are tuned on this set, so the rules-alone figures
# are in-sample (bench/bot.sh's held-out set is the out-of-sample check
# of the rules).
#   bench/bot-cv.sh [-v] [FILE.tsv]   default tests/data/bot-messages.tsv;
#                                     -v lists the wrong decisions of
#                                     rules + model
# Env: K (default 5), OFFICE (default jelitik), CV_BUILD (default
#      build/cv: the fold builds' folder; the first run compiles it all)
set -euo pipefail
cd "$(dirname "$0")/.."

VERBOSE=
[ "${1:-}" = -v ] && { VERBOSE=-v; shift; }
DATA=${1:-tests/data/bot-messages.tsv}
K=${K:-5}
OFFICE=${OFFICE:-jelitik}
CV_BUILD=${CV_BUILD:-build/cv}
SCORE=bench/bot-score.mjs
[ -r "$DATA" ] || { echo "bot-cv.sh: cannot read $DATA" >&2; exit 1; }
command -v node >/dev/null || { echo "bot-cv.sh: node is missing" >&2; exit 1; }

WORK=$(mktemp -d /tmp/balai-botcv.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM

# the labelled lines, comments and blanks left out, split into folds
grep -v -e '^#' -e '^[[:space:]]*$' "$DATA" >"$WORK/all.tsv"
for f in $(seq 0 $((K - 1))); do
    awk -v k="$K" -v f="$f" '(NR - 1) % k == f' "$WORK/all.tsv" >"$WORK/test$f.tsv"
    awk -v k="$K" -v f="$f" '(NR - 1) % k != f' "$WORK/all.tsv" >"$WORK/train$f.tsv"
done
: >"$WORK/empty.tsv"

# one binary per model; the objects are shared, only the model changes
build() {
    make -s -j2 B="$CV_BUILD" BOT_TRAIN="$1" "$CV_BUILD/balai" >/dev/null
    cp "$CV_BUILD/balai" "$2"
}
build "$WORK/empty.tsv" "$WORK/balai-rules"
for f in $(seq 0 $((K - 1))); do build "$WORK/train$f.tsv" "$WORK/balai-$f"; done

"$WORK/balai-rules" init --demo --db "$WORK/balai.db" >/dev/null 2>&1
answer() {  # binary tsv out
    node "$SCORE" messages "$2" | "$1" answer --office "$OFFICE" --db "$WORK/balai.db" --jsonl >"$3"
}
figures() {  # tsv out -> "right confident-wrong ask-back"
    node "$SCORE" score "$1" "$2" | awk '$1 == "#figures" { print $2, $3, $4 }'
}

printf '%-8s %6s   %-36s %-36s\n' "fold" "n" "rules alone" "rules + model"
: >"$WORK/cat.tsv"; : >"$WORK/cat-rules.jsonl"; : >"$WORK/cat-model.jsonl"
for f in $(seq 0 $((K - 1))); do
    answer "$WORK/balai-rules" "$WORK/test$f.tsv" "$WORK/r$f.jsonl"
    answer "$WORK/balai-$f" "$WORK/test$f.tsv" "$WORK/m$f.jsonl"
    read -r r1 c1 a1 < <(figures "$WORK/test$f.tsv" "$WORK/r$f.jsonl")
    read -r r2 c2 a2 < <(figures "$WORK/test$f.tsv" "$WORK/m$f.jsonl")
    printf '%-8s %6s   right %6s%% cw %5s%% ask %5s%%   right %6s%% cw %5s%% ask %5s%%\n' \
        "$((f + 1))/$K" "$(wc -l <"$WORK/test$f.tsv")" "$r1" "$c1" "$a1" "$r2" "$c2" "$a2"
    cat "$WORK/test$f.tsv" >>"$WORK/cat.tsv"
    cat "$WORK/r$f.jsonl" >>"$WORK/cat-rules.jsonl"
    cat "$WORK/m$f.jsonl" >>"$WORK/cat-model.jsonl"
done
read -r r1 c1 a1 < <(figures "$WORK/cat.tsv" "$WORK/cat-rules.jsonl")
read -r r2 c2 a2 < <(figures "$WORK/cat.tsv" "$WORK/cat-model.jsonl")
printf '%-8s %6s   right %6s%% cw %5s%% ask %5s%%   right %6s%% cw %5s%% ask %5s%%\n' "all" \
    "$(wc -l <"$WORK/cat.tsv")" "$r1" "$c1" "$a1" "$r2" "$c2" "$a2"
if [ -n "$VERBOSE" ]; then
    echo ""
    node "$SCORE" score "$WORK/cat.tsv" "$WORK/cat-model.jsonl" -v | sed -n '/^wrong/,$p'
fi
