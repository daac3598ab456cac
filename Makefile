# Balai build. `make` builds build/balai; the README has the rest.
#   make unit        build and run the unit tests (cmocka)
#   make sanitize    build/asan/balai with AddressSanitizer + UBSan
#   make test        the whole suite (scripts/test --no-install)
#   make bench       the benchmarks in bench/
CC      ?= cc
CFLAGS  ?= -O2 -g
SAN     ?=
PKGS    := libmicrohttpd sqlite3 libpq libsodium jansson pangocairo cairo libqrencode libcurl \
           tesseract lept
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS = $(CFLAGS) $(SAN) -std=c11 -D_GNU_SOURCE $(WARN) -Isrc \
             $(shell pkg-config --cflags $(PKGS))
LIBS    := $(shell pkg-config --libs $(PKGS)) -lmagic -lpthread -lm
B       ?= build

SRC     := $(wildcard src/*/*.c) $(wildcard src/*.c)
LIBSRC  := $(filter-out src/main.c,$(SRC))
HDRS    := $(wildcard src/*/*.h)
ASSETS  := $(shell find web data src/db/migrations -type f 2>/dev/null | LC_ALL=C sort)
OBJ     := $(patsubst src/%.c,$(B)/obj/%.o,$(LIBSRC)) $(B)/obj/assets.o
UNIT    := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_*.c))

all: $(B)/balai

$(B)/balai: $(OBJ) $(B)/obj/main.o
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Templates, static files, data and migrations are compiled into the binary,
# so a kelurahan copies one file. tools/embed.c writes them as C arrays.
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

$(B)/gen/assets.c: $(B)/tools/embed $(ASSETS)
	@mkdir -p $(dir $@)
	@$(B)/tools/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(B)/obj/assets.o: $(B)/gen/assets.c src/util/assets.h
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/unit/%: tests/unit/%.c $(OBJ) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT)
	@rc=0; for t in $(UNIT); do $(UNIT_WRAP) $$t || rc=1; done; exit $$rc

test: all
	scripts/test --no-install

sanitize:
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

bench: all
	bench/console.sh
	bench/portal.sh
	bench/webhook.sh
	bench/bot.sh
	bench/sse.sh
	bench/attacks.sh

clean:
	rm -rf build

.PHONY: all unit test sanitize bench clean
.DELETE_ON_ERROR:
