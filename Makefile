# msntty: plain GNU make, pkg-config, objects and dependency files under $(BUILD).
#   make              build ./msntty
#   make test         lint + unit + integration + terminal tests (ends with "N passed, N failed, N skipped")
#   make test SANITIZE=1   the same with ASan+UBSan (separate build tree)
#   make demo         install missing deps, build, start the test server, open the client
#   make bench        benchmarks (figures, never pass/fail timing)
#   make lint         dependency directions (through headers too) and mandoc -Tlint
#   make install PREFIX=/usr/local DESTDIR=
SHELL := /bin/bash
CXX ?= g++
PKG_CONFIG ?= pkg-config
PKGS := ncursesw openssl libcares pugixml
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
VERSION := 0.1.0

ifeq ($(SANITIZE),1)
BUILD ?= build/san
# UBSan's vptr check is off: it needs a spare file descriptor for every check (it probes memory
# through a pipe), and the tests of a failing poll() starve the client of descriptors on
# purpose, so every virtual call then reports a false "invalid vptr".
OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer \
       -fno-sanitize-recover=undefined
BIN ?= $(BUILD)/msntty
else
BUILD ?= build/rel
OPT := -O2 -g
BIN ?= msntty
endif

# Name every missing tool or library at once, before anything is compiled (tools/deps.sh).
NO_DEPS_GOALS := clean deps demo uninstall
ifneq ($(filter-out $(NO_DEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
DEPS_FOR := $(if $(filter test unit lint bench %unit-tests %bench-proto,$(MAKECMDGOALS)),test,build)
ifneq ($(shell CXX='$(CXX)' PKG_CONFIG='$(PKG_CONFIG)' bash tools/deps.sh --check $(DEPS_FOR) >&2 || echo missing),)
$(error missing packages (named above); `make deps` installs them)
endif
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CATCH_CFLAGS := $(shell $(PKG_CONFIG) --cflags catch2 2>/dev/null)
# g++ 12 with the sanitizers at -O1 reports false maybe-uninitialized warnings inside catch.hpp.
CATCH_TEST_FLAGS := $(CATCH_CFLAGS) -Wno-maybe-uninitialized

CPPFLAGS += -Iinclude -DMSNTTY_VERSION='"$(VERSION)"' -D_XOPEN_SOURCE_EXTENDED -D_GNU_SOURCE
CXXFLAGS += -std=c++20 -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers $(OPT) $(PKG_CFLAGS) -MMD -MP
LDFLAGS += $(OPT)
LDLIBS += $(PKG_LIBS)

LIB_SRC := $(shell find src -name '*.cpp' ! -name main.cpp | sort)
LIB_OBJ := $(LIB_SRC:%.cpp=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
# tests/unit/helpers/: shared fixtures (the loop, temp folders, the fake transport).
UNIT_SRC := $(sort $(wildcard tests/unit/*.cpp tests/unit/helpers/*.cpp))
UNIT_OBJ := $(UNIT_SRC:%.cpp=$(BUILD)/%.o)
BENCH_SRC := $(sort $(wildcard bench/*.cpp))
UNIT_BIN := $(BUILD)/unit-tests
BENCH_BIN := $(BUILD)/bench-proto

.PHONY: all test unit demo bench install uninstall clean deps lint format
all: $(BIN)

$(BIN): $(MAIN_OBJ) $(BUILD)/libmsntty.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libmsntty.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(if $(findstring tests/unit,$<),$(CATCH_TEST_FLAGS) -Itests/unit) -c -o $@ $<

$(UNIT_BIN): $(UNIT_OBJ) $(BUILD)/libmsntty.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(UNIT_BIN)
	$(UNIT_BIN)

# The one test command: unit tests, then integration and terminal tests against the bundled
# server (make lint runs among them, as tests/integration/test_lint.py). tests/run.py ends with
# one plain "N passed, N failed, N skipped" line.
test: $(BIN) $(UNIT_BIN)
	MSNTTY_BIN=$(abspath $(BIN)) UNIT_BIN=$(abspath $(UNIT_BIN)) python3 tests/run.py

bench: $(BIN) $(BUILD)/bench-proto
	MSNTTY_BIN=$(abspath $(BIN)) BENCH_BIN=$(abspath $(BUILD)/bench-proto) python3 bench/run.py

$(BUILD)/bench-proto: $(BENCH_SRC:%.cpp=$(BUILD)/%.o) $(BUILD)/libmsntty.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@bash tools/deps.sh

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@bash tools/demo.sh

# Dependency directions, including what a file reaches through headers (tools/lint_deps.py
# says which rules and why), then the man page.
lint:
	@python3 tools/lint_deps.py
	@# No file points outside the repository (doc/ and tests/data/ may name their sources).
	@! git grep -nE '[.][.]/shared|/wor[k]/|protocol[.]md|protocol-wl[m]|transcript[s]/' -- ':!doc/' ':!tests/data/'
	@mandoc -Tlint -Wwarning man/msntty.1
	@# .clang-format decides the layout; `make format` applies it.
	@clang-format --dry-run -Werror $$(git ls-files '*.cpp' '*.hpp')

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/msntty
	install -m 644 man/msntty.1 $(DESTDIR)$(MANDIR)/man1/msntty.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/msntty $(DESTDIR)$(MANDIR)/man1/msntty.1

clean:
	rm -rf build msntty tests/server/cert.pem tests/server/key.pem

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
