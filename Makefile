# Groundwork - build, run and test.
#
#   make run      install what is missing, build, migrate, seed, serve on :8080
#   make check    install what the tests need and run every test layer
#   make          build; says which packages are missing, and installs none
#   make deps     install what every target needs (DEPS="deploy": packaging)
#
# Everything builds into build/; the local site lives in run/.

PORT     ?= 8080
PREFIX   ?= /usr/local
# The version is the newest entry of the package's changelog.
VERSION  := $(shell sed -n '1s/^groundwork (\([0-9A-Za-z.~+-]*\)).*/\1/p' deploy/deb/changelog)
ifeq ($(VERSION),)
$(error deploy/deb/changelog does not start with "groundwork (VERSION)")
endif

# CC and CXX are GNU make's built-in cc and g++ unless the command line
# or the environment names others (make CC=clang).
PKGS     := fcgi sqlite3 libctemplate_nothreads libsodium libical gmime-3.0
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2
CFLAGS   ?= -O2 -g
CXXFLAGS ?= -O2 -g
ALL_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) \
               -DGW_VERSION=\"$(VERSION)\" $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ALL_CXXFLAGS = -std=c++11 -Wall -Wextra $(CXXFLAGS) \
               $(shell pkg-config --cflags libctemplate_nothreads 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lstdc++ -lm

BUILD    := build
APP_C    := $(filter-out app/main.c,$(wildcard app/*.c))
APP_OBJ  := $(APP_C:app/%.c=$(BUILD)/%.o) $(BUILD)/tmpl.o
MAIN_OBJ := $(BUILD)/main.o
BIN      := $(BUILD)/groundwork

.PHONY: all deps run check lint unit integration browser fuzz stress sanitize san-build bench bench-digest \
        install deb check-deploy clean format

all: $(BIN)

# Building installs nothing: it checks that the build's packages are
# there, or says which are missing and stops.  Only make deps, make run,
# make check and the test layers install.  A stamp keeps the check quick.
$(BUILD)/.deps-ok: deploy/deps.sh
	@mkdir -p $(BUILD)
	@sh deploy/deps.sh --check build
	@touch $@

deps:
	@sh deploy/deps.sh $(or $(DEPS),all)

$(BUILD)/%.o: app/%.c app/*.h | $(BUILD)/.deps-ok
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The files that print the version are built again when it changes.
VERSION_STAMP := $(BUILD)/.version-$(VERSION)
$(VERSION_STAMP): | $(BUILD)/.deps-ok
	@rm -f $(BUILD)/.version-*
	@touch $@
$(BUILD)/main.o $(BUILD)/serve.o $(BUILD)/h_pages.o: $(VERSION_STAMP)

$(BUILD)/tmpl.o: app/tmpl.cc app/tmpl.h | $(BUILD)/.deps-ok
	$(CXX) $(ALL_CXXFLAGS) -c -o $@ $<

$(BIN): $(APP_OBJ) $(MAIN_OBJ)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS)

run:
	@sh deploy/deps.sh build
	@$(MAKE) --no-print-directory $(BIN)
	@sh deploy/local.sh run --port $(PORT)

# --- tests -----------------------------------------------------------

UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(BUILD)/unit_tests

$(UNIT_BIN): $(UNIT_SRC) $(APP_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Iapp -o $@ $(UNIT_SRC) $(APP_OBJ) \
	    $(shell pkg-config --cflags --libs check) $(LIBS)

STRESS_BIN := $(BUILD)/stress_writer_lock
$(STRESS_BIN): tests/stress/writer_lock.c $(APP_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Iapp -o $@ $< $(APP_OBJ) $(LIBS)

# The program and the unit tests again, with AddressSanitizer and
# UndefinedBehaviorSanitizer, in build/san/ (a build of its own, so the
# plain build is never mixed with it).  clang, because its UBSan
# honours log_path next to ASan (gcc's prints to stderr regardless), and
# tests/run-all.sh counts the report files.
SAN_BUILD := build/san
SAN_CC    ?= clang
SAN_CXX   ?= clang++
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=all

san-build:
	@$(MAKE) --no-print-directory BUILD=$(SAN_BUILD) CC="$(SAN_CC)" CXX="$(SAN_CXX)" \
	    CFLAGS="$(SAN_FLAGS)" CXXFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined -fsanitize-link-c++-runtime" \
	    $(SAN_BUILD)/groundwork $(SAN_BUILD)/unit_tests

check:
	@sh deploy/deps.sh all
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN) $(STRESS_BIN) san-build
	@sh tests/run-all.sh

# Each layer on its own installs what it needs first.
lint:
	@sh deploy/deps.sh lint
	@sh tests/run-all.sh lint

unit:
	@sh deploy/deps.sh unit
	@$(MAKE) --no-print-directory $(UNIT_BIN)
	@sh tests/run-all.sh unit

integration:
	@sh deploy/deps.sh integration
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/run-all.sh integration

browser:
	@sh deploy/deps.sh browser
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/run-all.sh browser

fuzz:
	@sh deploy/deps.sh fuzz
	@sh tests/run-all.sh fuzz

stress:
	@sh deploy/deps.sh stress
	@$(MAKE) --no-print-directory $(STRESS_BIN)
	@sh tests/run-all.sh stress

sanitize:
	@sh deploy/deps.sh sanitize
	@$(MAKE) --no-print-directory san-build
	@sh tests/run-all.sh sanitize

# Rewrite the C sources as .clang-format says; the lint layer checks
# the same files (tests/lint/run.sh).
FORMAT_SRC = app/*.c app/*.h app/*.cc tests/unit/*.c tests/unit/*.h \
             tests/stress/*.c tests/bench/*.c tests/fuzz/*.c
format:
	clang-format -i $(FORMAT_SRC)

clean:
	rm -rf $(BUILD)

# Benchmarks (not part of check): wrk on loopback, generated data sets.
INSERT_LOOP := $(BUILD)/bench_insert_loop
$(INSERT_LOOP): tests/bench/insert_loop.c $(APP_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Iapp -o $@ $< $(APP_OBJ) $(LIBS)

bench:
	@sh deploy/deps.sh all
	@$(MAKE) --no-print-directory $(BIN) $(INSERT_LOOP)
	@sh tests/bench/run.sh $(BENCH_SIZES)

# Building every email of each data set: time and peak memory.
bench-digest:
	@sh deploy/deps.sh bench
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/bench/digest.sh $(BENCH_SIZES)

# Install for a server: make install [DESTDIR=...] [PREFIX=/usr/local].
# The config file's share_dir is set to where views/, sql/ and static/ go.
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/groundwork \
	    $(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)/etc/groundwork \
	    $(DESTDIR)/lib/systemd/system $(DESTDIR)/usr/lib/tmpfiles.d \
	    $(DESTDIR)/etc/nginx/sites-available
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/groundwork
	cp -R views sql static $(DESTDIR)$(PREFIX)/share/groundwork/
	rm -rf $(DESTDIR)$(PREFIX)/share/groundwork/static/readme
	sed 's/@VERSION@/$(VERSION)/' deploy/groundwork.8 > $(DESTDIR)$(PREFIX)/share/man/man8/groundwork.8
	chmod 0644 $(DESTDIR)$(PREFIX)/share/man/man8/groundwork.8
	sed 's|^share_dir = .*|share_dir = $(PREFIX)/share/groundwork|' \
	    deploy/groundwork.conf > $(DESTDIR)/etc/groundwork/groundwork.conf
	for u in groundwork.service groundwork-backup.service groundwork-backup.timer \
	    groundwork-purge.service groundwork-purge.timer \
	    groundwork-digest.service groundwork-digest.timer \
	    groundwork-offsite.service groundwork-offsite.timer; do \
	    sed 's|/usr/bin/groundwork|$(PREFIX)/bin/groundwork|' deploy/systemd/$$u \
	        > $(DESTDIR)/lib/systemd/system/$$u; done
	install -m 0644 deploy/systemd/groundwork.tmpfiles $(DESTDIR)/usr/lib/tmpfiles.d/groundwork.conf
	sed 's|/usr/share/groundwork|$(PREFIX)/share/groundwork|' deploy/nginx/groundwork.conf \
	    > $(DESTDIR)/etc/nginx/sites-available/groundwork.conf

# The Debian package, built from `make install` with dpkg-deb.  Like a
# build it installs nothing (make deps DEPS=deploy does).
deb: $(BIN)
	@sh deploy/deps.sh --check deploy
	@sh deploy/deb/build.sh $(VERSION) $(BUILD)

# Build the .deb, check it with lintian, and install, serve, back up,
# upgrade and purge it in a fresh Debian 12 root (see tests/deploy/check.sh).
check-deploy:
	@sh deploy/deps.sh deploy
	@$(MAKE) --no-print-directory deb
	@echo "== lintian"
	@lintian --fail-on error $(BUILD)/groundwork_$(VERSION)_amd64.deb
	@echo "lintian: no errors"
	@echo "== deploy"
	@sh tests/deploy/check.sh $(VERSION) $(BUILD)
