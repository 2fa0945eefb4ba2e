#include <catch2/catch.hpp>

#include <vector>

#include "ui/KeyNames.hpp"

using namespace msntty::ui;

namespace Catch {
template <>
struct StringMaker<KeyEvent> {
  static std::string convert(const KeyEvent& ev) {
    const char* kind = ev.kind == KeyEvent::Kind::Key    ? "Key"
                       : ev.kind == KeyEvent::Kind::Text ? "Text"
                                                         : "Paste";
    return std::string(kind) + "(" + StringMaker<std::string>::convert(ev.value) + ")";
  }
};
}  // namespace Catch

namespace {

using Events = std::vector<KeyEvent>;

KeyEvent k(std::string name) {
  return KeyEvent{KeyEvent::Kind::Key, std::move(name)};
}

KeyEvent t(std::string text) {
  return KeyEvent{KeyEvent::Kind::Text, std::move(text)};
}

KeyEvent p(std::string text) {
  return KeyEvent{KeyEvent::Kind::Paste, std::move(text)};
}

// Text may legitimately arrive in several events when bytes trickle in; compare merged.
void push_merged(Events& out, KeyEvent ev) {
  if (!out.empty() && out.back().kind == KeyEvent::Kind::Text && ev.kind == KeyEvent::Kind::Text)
    out.back().value += ev.value;
  else
    out.push_back(std::move(ev));
}

void drain(KeyDecoder& d, Events& out, bool timeout) {
  while (auto ev = d.next(timeout)) push_merged(out, std::move(*ev));
}

Events decode(std::string_view bytes) {
  KeyDecoder d;
  Events out;
  d.feed(bytes);
  drain(d, out, false);
  drain(d, out, true);
  return out;
}

// Feeds the bytes in two pieces split at `cut`, draining without timeout in between.
Events decode_split(std::string_view bytes, std::size_t cut) {
  KeyDecoder d;
  Events out;
  d.feed(bytes.substr(0, cut));
  drain(d, out, false);
  d.feed(bytes.substr(cut));
  drain(d, out, false);
  drain(d, out, true);
  return out;
}

Events decode_bytewise(std::string_view bytes) {
  KeyDecoder d;
  Events out;
  for (char c : bytes) {
    d.feed(std::string_view(&c, 1));
    drain(d, out, false);
  }
  drain(d, out, true);
  return out;
}

void check_all_splits(std::string_view bytes, const Events& expected) {
  INFO("input: " << Catch::StringMaker<std::string>::convert(std::string(bytes)));
  REQUIRE(decode(bytes) == expected);
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    INFO("cut at " << cut);
    REQUIRE(decode_split(bytes, cut) == expected);
  }
  REQUIRE(decode_bytewise(bytes) == expected);
}

}  // namespace

TEST_CASE("key names normalise user spellings", "[ui][keys]") {
  auto n = [](std::string_view s) { return normalize_key_name(s).value_or("<none>"); };
  CHECK(n("C-a") == "C-a");
  CHECK(n("ctrl-a") == "C-a");
  CHECK(n("Ctrl+A") == "C-a");
  CHECK(n("control-x") == "C-x");
  CHECK(n("^A") == "C-a");
  CHECK(n("^z") == "C-z");
  CHECK(n("M-x") == "M-x");
  CHECK(n("meta-1") == "M-1");
  CHECK(n("alt-1") == "M-1");
  CHECK(n("A-1") == "M-1");
  CHECK(n("ALT-B") == "M-b");
  CHECK(n("M-<") == "M-<");
  CHECK(n("m--") == "M--");
  CHECK(n("C-M-a") == "C-M-a");
  CHECK(n("meta-ctrl-a") == "C-M-a");
  CHECK(n("M-Backspace") == "M-Backspace");
  CHECK(n("alt-bs") == "M-Backspace");
  CHECK(n("backspace") == "Backspace");
  CHECK(n("C-h") == "Backspace");
  CHECK(n("^?") == "Backspace");
  CHECK(n("C-i") == "Tab");
  CHECK(n("C-m") == "Enter");
  CHECK(n("C-j") == "Enter");
  CHECK(n("^[") == "Esc");
  CHECK(n("del") == "Delete");
  CHECK(n("DELETE") == "Delete");
  CHECK(n("home") == "Home");
  CHECK(n("end") == "End");
  CHECK(n("up") == "Up");
  CHECK(n("Down") == "Down");
  CHECK(n("left") == "Left");
  CHECK(n("RIGHT") == "Right");
  CHECK(n("pgup") == "PageUp");
  CHECK(n("PageDown") == "PageDown");
  CHECK(n("npage") == "PageDown");
  CHECK(n("tab") == "Tab");
  CHECK(n("shift-tab") == "S-Tab");
  CHECK(n("S-Tab") == "S-Tab");
  CHECK(n("backtab") == "S-Tab");
  CHECK(n("return") == "Enter");
  CHECK(n("escape") == "Esc");
  CHECK(n("f1") == "F1");
  CHECK(n("F12") == "F12");
  CHECK(n("ctrl-left") == "C-Left");
  CHECK(n("C-Right") == "C-Right");
  CHECK(n("alt-left") == "M-Left");
  CHECK(n("M-Right") == "M-Right");
  CHECK(n("shift-ctrl-up") == "C-S-Up");
  CHECK(n("ins") == "Insert");
  CHECK(n("ctrl-space") == "C-Space");
  CHECK(n("C-@") == "C-Space");
  CHECK(n("  C-e  ") == "C-e");

  CHECK_FALSE(normalize_key_name("").has_value());
  CHECK_FALSE(normalize_key_name("a").has_value());
  CHECK_FALSE(normalize_key_name("F13").has_value());
  CHECK_FALSE(normalize_key_name("hyper-a").has_value());
  CHECK_FALSE(normalize_key_name("S-a").has_value());
  CHECK_FALSE(normalize_key_name("C-Tab").has_value());
  CHECK_FALSE(normalize_key_name("C-1").has_value());
  CHECK_FALSE(normalize_key_name("M-Esc").has_value());
  CHECK_FALSE(normalize_key_name("ctrl-").has_value());
}

TEST_CASE("decoder names the keys it produces canonically", "[ui][keys]") {
  // Every key the decoder emits must be bindable under the same name.
  const std::string_view inputs[] = {"\x01",
                                     "\x1a",
                                     "\x7f",
                                     "\x1b"
                                     "1",
                                     "\x1b[1;5C",
                                     "\x1b[1;3D",
                                     "\x1b[Z",
                                     "\x1b[15~",
                                     "\x1b\x7f",
                                     "\x1b\x01",
                                     std::string_view("\x00", 1),
                                     "\x1b[5;5~",
                                     "\x1b[1;2A",
                                     "\x1b\x1b[C"};
  for (std::string_view bytes : inputs) {
    auto evs = decode(bytes);
    REQUIRE(evs.size() == 1);
    CHECK(normalize_key_name(evs[0].value) == evs[0].value);
  }
}

TEST_CASE("decoder text and control bytes", "[ui][keys]") {
  check_all_splits("hello", {t("hello")});
  check_all_splits("caf\u00e9 \u4e2d\U0001F600", {t("caf\u00e9 \u4e2d\U0001F600")});
  check_all_splits("\x01", {k("C-a")});
  check_all_splits("\x05\x0b\x15\x17\x19", {k("C-e"), k("C-k"), k("C-u"), k("C-w"), k("C-y")});
  check_all_splits("\x1a", {k("C-z")});
  check_all_splits("\x7f", {k("Backspace")});
  check_all_splits("\x08", {k("Backspace")});
  check_all_splits("\r", {k("Enter")});
  check_all_splits("\n", {k("Enter")});
  check_all_splits("\t", {k("Tab")});
  check_all_splits(std::string_view("\x00", 1), {k("C-Space")});
  check_all_splits("ab\rcd", {t("ab"), k("Enter"), t("cd")});
  check_all_splits("\x1f", {k("C-_")});
}

TEST_CASE("decoder invalid and incomplete utf8", "[ui][keys]") {
  CHECK(decode("a\xff"
               "b") == Events{t("a\uFFFDb")});
  CHECK(decode("a\xe4\xb8") == Events{t("a\uFFFD")});  // flushed by the timeout
  KeyDecoder d;
  d.feed("\xe4\xb8");
  CHECK_FALSE(d.next(false).has_value());
  CHECK(d.pending());
  d.feed("\xad");
  CHECK(d.next(false) == t("\u4e2d"));
}

TEST_CASE("decoder meta keys", "[ui][keys]") {
  check_all_splits("\x1bx", {k("M-x")});
  check_all_splits(
      "\x1b"
      "b\x1b"
      "f",
      {k("M-b"), k("M-f")});
  check_all_splits("\x1bX", {k("M-x")});
  for (char c = '0'; c <= '9'; ++c)
    check_all_splits(std::string("\x1b") + c, {k(std::string("M-") + c)});
  check_all_splits("\x1b\x7f", {k("M-Backspace")});
  check_all_splits("\x1b\x08", {k("M-Backspace")});
  check_all_splits("\x1b\r", {k("M-Enter")});
  check_all_splits("\x1b\t", {k("M-Tab")});
  check_all_splits("\x1b\x01", {k("C-M-a")});
  check_all_splits("\x1b.", {k("M-.")});
  check_all_splits("\x1b<", {k("M-<")});
  check_all_splits("\x1b ", {k("M-Space")});
  check_all_splits("\x1b\u00e9", {k("M-\u00e9")});
  check_all_splits(
      "\x1b"
      "1\x1b"
      "2x",
      {k("M-1"), k("M-2"), t("x")});
}

TEST_CASE("decoder cursor and editing keys, xterm rxvt screen linux", "[ui][keys]") {
  struct Case {
    std::string_view bytes;
    std::string_view name;
  };
  const Case cases[] = {
      {"\x1b[A", "Up"},
      {"\x1b[B", "Down"},
      {"\x1b[C", "Right"},
      {"\x1b[D", "Left"},
      {"\x1bOA", "Up"},
      {"\x1bOB", "Down"},
      {"\x1bOC", "Right"},
      {"\x1bOD", "Left"},
      {"\x1b[H", "Home"},
      {"\x1b[F", "End"},
      {"\x1bOH", "Home"},
      {"\x1bOF", "End"},
      {"\x1b[1~", "Home"},
      {"\x1b[4~", "End"},
      {"\x1b[7~", "Home"},
      {"\x1b[8~", "End"},
      {"\x1b[2~", "Insert"},
      {"\x1b[3~", "Delete"},
      {"\x1b[5~", "PageUp"},
      {"\x1b[6~", "PageDown"},
      {"\x1bOP", "F1"},
      {"\x1bOQ", "F2"},
      {"\x1bOR", "F3"},
      {"\x1bOS", "F4"},
      {"\x1b[11~", "F1"},
      {"\x1b[12~", "F2"},
      {"\x1b[13~", "F3"},
      {"\x1b[14~", "F4"},
      {"\x1b[15~", "F5"},
      {"\x1b[17~", "F6"},
      {"\x1b[18~", "F7"},
      {"\x1b[19~", "F8"},
      {"\x1b[20~", "F9"},
      {"\x1b[21~", "F10"},
      {"\x1b[23~", "F11"},
      {"\x1b[24~", "F12"},
      {"\x1b[[A", "F1"},
      {"\x1b[[E", "F5"},
      {"\x1b[Z", "S-Tab"},
      {"\x1b[1;5C", "C-Right"},
      {"\x1b[1;5D", "C-Left"},
      {"\x1b[1;3C", "M-Right"},
      {"\x1b[1;3D", "M-Left"},
      {"\x1b[1;2A", "S-Up"},
      {"\x1b[1;6B", "C-S-Down"},
      {"\x1b[1;7H", "C-M-Home"},
      {"\x1b[1;9C", "M-Right"},
      {"\x1b[3;5~", "C-Delete"},
      {"\x1b[5;5~", "C-PageUp"},
      {"\x1b[6;3~", "M-PageDown"},
      {"\x1b[15;2~", "S-F5"},
      {"\x1b[1;5P", "C-F1"},
      {"\x1bO5C", "C-Right"},
      {"\x1bO2P", "S-F1"},
      {"\x1bOc", "C-Right"},
      {"\x1bOd", "C-Left"},
      {"\x1b[c", "S-Right"},
      {"\x1b[a", "S-Up"},
      {"\x1b[5^", "C-PageUp"},
      {"\x1b[3$", "S-Delete"},
      {"\x1b[7@", "C-S-Home"},
      {"\x1b\x1b[C", "M-Right"},
      {"\x1b\x1b[D", "M-Left"},
      {"\x1b\x1bOA", "M-Up"},
      {"\x1b\x1b[1;5C", "C-M-Right"},
      {"\x1bOM", "Enter"},
  };
  for (const auto& c : cases) check_all_splits(c.bytes, {k(std::string(c.name))});
  check_all_splits("\x1bOk", {t("+")});  // keypad plus in application mode
}

TEST_CASE("decoder swallows unknown sequences whole", "[ui][keys]") {
  check_all_splits("\x1b[99~a", {t("a")});
  check_all_splits("\x1b[?1;2cb", {t("b")});
  check_all_splits("\x1b[Ic", {t("c")});         // focus in
  check_all_splits("\x1b[201~d", {t("d")});      // stray paste end
  check_all_splits("\x1b[27;5;13~e", {t("e")});  // modifyOtherKeys, not supported
  check_all_splits("\x1bOzf", {t("f")});
  check_all_splits("\x1b[[Zg", {t("g")});
  check_all_splits("x\x1b[1;5Xy", {t("xy")});
  // A control byte inside a CSI ends the garbage and is decoded itself.
  check_all_splits("\x1b[12\r", {k("Enter")});
  std::string runaway = "\x1b[" + std::string(100, '1') + "z";
  auto evs = decode(runaway);
  for (const auto& ev : evs)
    CHECK(ev.kind == KeyEvent::Kind::Text);  // only digits and z can leak, never ESC
}

TEST_CASE("decoder lone escape needs the timeout", "[ui][keys]") {
  KeyDecoder d;
  d.feed("\x1b");
  CHECK_FALSE(d.next(false).has_value());
  CHECK(d.pending());
  CHECK(d.next(true) == k("Esc"));
  CHECK_FALSE(d.pending());
  CHECK_FALSE(d.next(true).has_value());

  CHECK(decode("\x1b") == Events{k("Esc")});
  CHECK(decode("\x1b\x1b") == Events{k("Esc"), k("Esc")});
  CHECK(decode("\x1b[") == Events{k("M-[")});
  CHECK(decode("\x1bO") == Events{k("M-o")});
  CHECK(decode("\x1b[1;").empty());
  CHECK(decode("\x1b\x1bx") == Events{k("Esc"), k("M-x")});

  // Esc, then the user types later: the timeout separates them.
  KeyDecoder d2;
  d2.feed("\x1b");
  CHECK_FALSE(d2.next(false));
  CHECK(d2.next(true) == k("Esc"));
  d2.feed("x");
  CHECK(d2.next(false) == t("x"));
}

TEST_CASE("decoder bracketed paste", "[ui][keys]") {
  check_all_splits("\x1b[200~hello\x1b[201~", {p("hello")});
  check_all_splits("\x1b[200~line1\r\nline2\rline3\nx\x1b[201~", {p("line1\nline2\nline3\nx")});
  check_all_splits("\x1b[200~a\x1b[Ab\x1bx\x03\x1b[201~z", {p("a\x1b[Ab\x1bx\x03"), t("z")});
  check_all_splits("\x1b[200~\u4e2d\u6587\x1b[201~\x1b[A", {p("\u4e2d\u6587"), k("Up")});
  check_all_splits("\x1b[200~\x1b[201~", {});
  check_all_splits("\x1b[200~\x1b[201\x1b[201~", {p("\x1b[201")});

  KeyDecoder d;
  d.feed("\x1b[200~abc");
  CHECK_FALSE(d.next(true).has_value());  // a paste never times out
  CHECK(d.in_paste());
  CHECK_FALSE(d.pending());
  d.feed("def\x1b[20");
  CHECK_FALSE(d.next(true).has_value());
  d.feed("1~");
  CHECK(d.next(false) == p("abcdef"));
  CHECK_FALSE(d.in_paste());
}

TEST_CASE("decoder a long mixed stream split at every boundary", "[ui][keys]") {
  std::string bytes =
      "hi\x1b[A\x1b"
      "1\xe4\xb8\xad\x1b[1;5C\x1b\x7f\r\x1b[200~p\r\nq\x1b[201~\x1bOP\x1b[3~\t\x1b[Zend";
  Events expected = {t("hi"),          k("Up"),    k("M-1"),  t("\u4e2d"), k("C-Right"),
                     k("M-Backspace"), k("Enter"), p("p\nq"), k("F1"),     k("Delete"),
                     k("Tab"),         k("S-Tab"), t("end")};
  check_all_splits(bytes, expected);
  KeyDecoder d;
  d.feed(bytes);
  d.reset();
  CHECK_FALSE(d.next(true).has_value());
}
