# Balai build. `make` builds build/balai; the README has the rest.
#   make unit        build and run the unit tests (cmocka)
#   make sanitize    build/asan/balai with AddressSanitizer + UBSan
#   make tsan        build/tsan/balai with ThreadSanitizer
#   make test        the whole suite (scripts/test --no-install)
#   make bench       the benchmarks in bench/
# Each object depends on the headers it includes (-MMD -MP writes
# $(B)/obj/*.d), so touching one header rebuilds only its users.
CC      ?= cc
CFLAGS  ?= -O2 -g
SAN     ?=
PKGS    := libmicrohttpd sqlite3 libpq libsodium jansson pangocairo cairo libqrencode libcurl libcmark \
           tesseract lept libcrypto libavformat libavcodec libavutil
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
           -Wformat=2 -Wimplicit-fallthrough -Wvla -Wpointer-arith -Wundef
# Hardening: canaries, a position-independent binary, read-only relocations.
# _FORTIFY_SOURCE needs optimisation and gets in the sanitizers' way, so the
# sanitize and tsan builds clear FORTIFY (gcc 12 + glibc 2.36 support level 3).
FORTIFY ?= -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3
HARDEN  := -fstack-protector-strong -fPIE
LDHARDEN := -pie -Wl,-z,relro,-z,now
# pkg-config runs once per make, not once per compile (simply expanded).
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
ALL_CFLAGS := $(CFLAGS) $(SAN) -std=c11 -D_GNU_SOURCE $(FORTIFY) $(HARDEN) $(WARN) -Isrc \
              $(PKG_CFLAGS)
LIBS    := $(shell pkg-config --libs $(PKGS)) -lmagic -lpthread -lm
B       ?= build

SRC     := $(wildcard src/*/*.c) $(wildcard src/*.c)
LIBSRC  := $(filter-out src/main.c,$(SRC))
ASSETS  := $(shell find web data src/db/migrations -type f -not -path 'data/demo-news*' 2>/dev/null | LC_ALL=C sort)
OBJ     := $(patsubst src/%.c,$(B)/obj/%.o,$(LIBSRC)) $(B)/obj/assets.o $(B)/obj/bot_model.o
# The labelled messages the bot's n-gram model is trained on (src/bot/ngram.h):
# the tuning set, which the rules are tuned on too; the held-out set never.
BOT_TRAIN ?= tests/data/bot-messages.tsv
UNIT    := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_*.c))

all: $(B)/balai

$(B)/balai: $(OBJ) $(B)/obj/main.o
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) $(LDHARDEN) $(LDFLAGS) -o $@ $^ $(LIBS)

# Objects depend on the flags too: a build with other flags in the same
# folder (make CFLAGS=-O0, a new warning) recompiles instead of mixing.
$(B)/flags: FORCE
	@mkdir -p $(B)
	@echo '$(ALL_CFLAGS) $(LDHARDEN)' | cmp -s - $@ || echo '$(ALL_CFLAGS) $(LDHARDEN)' > $@

$(B)/obj/%.o: src/%.c $(B)/flags
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $(filter %.c,$^)

# Templates, static files, data and migrations are compiled into the binary,
# so a kelurahan copies one file. tools/embed.c writes them as C arrays.
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

# The list of assets is a prerequisite too: a migration added with an old
# mtime, or a file removed, regenerates assets.c.
$(B)/assets.list: FORCE
	@mkdir -p $(B)
	@echo '$(ASSETS)' | cmp -s - $@ || echo '$(ASSETS)' > $@

$(B)/gen/assets.c: $(B)/tools/embed $(ASSETS) $(B)/assets.list
	@mkdir -p $(dir $@)
	@$(B)/tools/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(B)/obj/assets.o: $(B)/gen/assets.c $(B)/flags
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $(filter %.c,$^)

# The chat bot's n-gram model, trained at build time by tools/ngram.c from
# $(BOT_TRAIN) (bench/bot-cv.sh builds fold models with another file). The
# name is a prerequisite too, so switching files retrains.
$(B)/tools/ngram: tools/ngram.c src/bot/ngram.c src/bot/ngram.h src/util/hash.c
	@mkdir -p $(dir $@)
	@$(CC) -O2 -Wall -Wextra -Werror -Isrc -o $@ $(filter %.c,$^) -lm

$(B)/bot-train.name: FORCE
	@mkdir -p $(B)
	@echo '$(BOT_TRAIN)' | cmp -s - $@ || echo '$(BOT_TRAIN)' > $@

$(B)/gen/bot_model.c: $(B)/tools/ngram $(BOT_TRAIN) $(B)/bot-train.name
	@mkdir -p $(dir $@)
	@$(B)/tools/ngram $(BOT_TRAIN) > $@.tmp && mv $@.tmp $@

$(B)/obj/bot_model.o: $(B)/gen/bot_model.c $(B)/flags
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $(filter %.c,$^)

$(B)/unit/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) $(LDHARDEN) -MMD -MP -o $@ $(filter %.c %.o,$^) $(LIBS) $(CMOCKA_LIBS)

CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

unit: $(UNIT)
	@rc=0; for t in $(UNIT); do $(UNIT_WRAP) $$t || rc=1; done; exit $$rc

test: all
	scripts/test --no-install

sanitize:
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g" FORTIFY= \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

tsan:
	@$(MAKE) --no-print-directory B=build/tsan CFLAGS="-O1 -g" FORTIFY= \
	  SAN="-fsanitize=thread -fno-omit-frame-pointer"

bench: all
	bench/console.sh
	bench/portal.sh
	bench/webhook.sh
	bench/bot.sh
	bench/sse.sh
	bench/attacks.sh

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(B)/obj/main.d $(UNIT:=.d)

.PHONY: all unit test sanitize tsan bench clean FORCE
.DELETE_ON_ERROR:
