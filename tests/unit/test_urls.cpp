// URLs (issue 13): util/UrlFinder finds them as irssi, WeeChat and terminals do, the scrollback
// never splits one by the wrap (a long one runs on from column 0), and ui/RecentUrls lists a
// window's newest first for /url.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ui/RecentUrls.hpp"
#include "ui/Scrollback.hpp"
#include "ui/TextWidth.hpp"
#include "util/Strings.hpp"
#include "util/UrlFinder.hpp"

using msntty::UrlFinder;
using namespace msntty::ui;
using Strings = std::vector<std::string>;

namespace {

Strings urls(std::string_view text) {
  return UrlFinder::urls(text);
}

Scrollback bare() {
  Scrollback sb(100);
  sb.set_time_formatter([](int64_t) { return std::string(); });
  return sb;
}

Scrollback stamped() {
  Scrollback sb(100);
  sb.set_time_formatter([](int64_t) { return std::string("12:00"); });
  return sb;
}

// The rows as the screen shows them: each piece at its column.
Strings screen(Scrollback& sb, int width) {
  Strings out;
  for (const auto& row : sb.visible_rows(width, 100)) {
    std::string s;
    for (const auto& p : row.pieces) {
      s = pad_to_width(s, p.column);
      s += p.text;
    }
    out.push_back(s);
  }
  return out;
}

std::string joined(const Strings& rows, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < rows.size(); ++i) out += rows[i];
  return out;
}

}  // namespace

TEST_CASE("urls: the schemes, at the start of a word, any case", "[urls]") {
  CHECK(urls("see http://a.example/x and https://b.example/") ==
        Strings{"http://a.example/x", "https://b.example/"});
  CHECK(urls("ftp://ftp.example.org/pub/file.tar.gz") ==
        Strings{"ftp://ftp.example.org/pub/file.tar.gz"});
  CHECK(urls("write to mailto:bob@example.com today") == Strings{"mailto:bob@example.com"});
  CHECK(urls("www.example.com/path?q=1&r=2#frag") == Strings{"www.example.com/path?q=1&r=2#frag"});
  CHECK(urls("HTTPS://EXAMPLE.COM/A WWW.Example.com") ==
        Strings{"HTTPS://EXAMPLE.COM/A", "WWW.Example.com"});
  // Not at the start of a word, or nothing after the scheme.
  CHECK(urls("xhttp://a.example foo.www.bar.com http:// https://. www. mailto:nobody") ==
        Strings{});
  CHECK(urls("file:///etc/passwd javascript:alert(1) gopher://x") == Strings{});
}

TEST_CASE("urls: what ends the sentence is not part of the URL", "[urls]") {
  CHECK(urls("Look at https://example.com.") == Strings{"https://example.com"});
  CHECK(urls("https://example.com/a, https://example.com/b; ok?") ==
        Strings{"https://example.com/a", "https://example.com/b"});
  CHECK(urls("really https://example.com/!?!") == Strings{"https://example.com/"});
  CHECK(urls("(see https://example.com/page)") == Strings{"https://example.com/page"});
  CHECK(urls("(https://example.com/page).") == Strings{"https://example.com/page"});
  // Its own parentheses stay: Wikipedia's titles.
  CHECK(urls("(https://en.wikipedia.org/wiki/C_(language))") ==
        Strings{"https://en.wikipedia.org/wiki/C_(language)"});
  CHECK(urls("https://en.wikipedia.org/wiki/Fish_(disambiguation)") ==
        Strings{"https://en.wikipedia.org/wiki/Fish_(disambiguation)"});
  CHECK(urls("[https://example.com/x] [https://example.com/a[1]]") ==
        Strings{"https://example.com/x", "https://example.com/a[1]"});
  CHECK(urls("<https://example.com/x>") == Strings{"https://example.com/x"});
  CHECK(urls("\"https://example.com/q\" and 'https://example.com/s'") ==
        Strings{"https://example.com/q", "https://example.com/s"});
  CHECK(urls("url:https://example.com/x...") == Strings{"https://example.com/x"});
}

TEST_CASE("urls: Unicode around and inside", "[urls]") {
  CHECK(urls("\u00abhttps://example.com/fr\u00bb") == Strings{"https://example.com/fr"});
  CHECK(urls("\u201chttps://example.com/q\u201d") == Strings{"https://example.com/q"});
  CHECK(urls("\u4e2d\u6587https://example.cn/\u3002\u5f88\u597d") ==
        Strings{"https://example.cn/"});
  CHECK(urls("\uff08https://example.jp/x\uff09") == Strings{"https://example.jp/x"});
  CHECK(urls("caf\u00e9 https://de.wikipedia.org/wiki/Stra\u00dfe \U0001F600") ==
        Strings{"https://de.wikipedia.org/wiki/Stra\u00dfe"});
  CHECK(urls("https://example.com/a\u00a0b") == Strings{"https://example.com/a"});  // NBSP ends it
}

TEST_CASE("urls: several on a line, and very long ones", "[urls]") {
  auto found = UrlFinder::find("a https://x.example b www.y.example c mailto:z@example.com");
  REQUIRE(found.size() == 3);
  CHECK(found[0] == UrlFinder::Range{2, 19});
  CHECK(found[1] == UrlFinder::Range{22, 35});
  CHECK(urls("https://a.example/https://b.example") ==
        Strings{"https://a.example/https://b.example"});
  std::string longest = "https://example.com/" + std::string(20000, 'a');
  CHECK(urls("go " + longest + ". now") == Strings{longest});
  std::string closing = "(https://example.com/x" + std::string(30000, ')');
  CHECK(urls(closing) == Strings{"https://example.com/x"});  // linear: counted once
  // Many candidates that are not URLs stay linear (and find nothing).
  std::string noise;
  for (int i = 0; i < 20000; ++i) noise += "http:// ";
  CHECK(urls(noise).empty());
}

TEST_CASE("urls: only what find() takes whole is openable", "[urls]") {
  CHECK(UrlFinder::openable("https://example.com/a;b$(id)") == "https://example.com/a;b$(id)");
  CHECK(UrlFinder::openable("www.example.com") == "https://www.example.com");
  CHECK(UrlFinder::openable("mailto:bob@example.com") == "mailto:bob@example.com");
  CHECK(UrlFinder::openable("javascript:alert(1)").empty());
  CHECK(UrlFinder::openable("file:///etc/passwd").empty());
  CHECK(UrlFinder::openable("-https://x.example").empty());
  CHECK(UrlFinder::openable("https://x.example y").empty());
  CHECK(UrlFinder::openable("https://x.example.").empty());
  CHECK(UrlFinder::openable("").empty());
}

TEST_CASE("urls: a URL that fits a wrapped row moves to it whole", "[urls][scrollback]") {
  Scrollback sb = stamped();
  sb.append({0, "<Bob>", "look at this https://example.com/a/b/c now", 0});
  // At 40 columns the URL would be cut after "https://exam"; it goes to the next row instead.
  CHECK(screen(sb, 40) == Strings{"12:00 <Bob> look at this",
                                  "            https://example.com/a/b/c", "            now"});
  // Attached punctuation: the URL still moves whole.
  sb.clear();
  sb.append({0, "<Bob>", "look at this (https://example.com/a/b/c)", 0});
  CHECK(screen(sb, 40) ==
        Strings{"12:00 <Bob> look at this", "            (https://example.com/a/b/c)"});
}

TEST_CASE("urls: a URL longer than a wrapped row runs on from column 0", "[urls][scrollback]") {
  Scrollback sb = stamped();
  std::string url = "https://example.com/" + std::string(56, 'x') + "/end";  // 80 columns
  sb.append({0, "<Bob>", "see " + url + " for more", 0});
  Strings rows = screen(sb, 30);
  REQUIRE(rows.size() >= 4);
  CHECK(rows[0] == "12:00 <Bob> see");
  // Every row of the URL is full from column 0, so the rows joined are the URL.
  CHECK(rows[1] == url.substr(0, 30));
  CHECK(rows[2] == url.substr(30, 30));
  CHECK(rows[3].rfind(url.substr(60), 0) == 0);
  CHECK(joined(rows, 1).find(url) == 0);
  // The text after it goes on after its end, then the indent is back.
  CHECK(rows[3] == url.substr(60) + " for more");
  for (auto& r : rows) CHECK(display_width(r) <= 30);

  // At the very start of the text: the header row stands alone.
  sb.clear();
  sb.append({0, "<Bob>", url, 0});
  rows = screen(sb, 30);
  CHECK(rows[0] == "12:00 <Bob>");
  CHECK(joined(rows, 1) == url);

  // Without a header the first row is at column 0 already.
  Scrollback plain = bare();
  plain.append({0, "", url + " x", 0});
  rows = screen(plain, 30);
  CHECK(rows[0] == url.substr(0, 30));
  CHECK(joined(rows, 0) == url + " x");
}

TEST_CASE("urls: wrapping keeps counts, wide characters and several URLs right",
          "[urls][scrollback]") {
  Scrollback sb = stamped();
  std::string a = "https://a.example/" + std::string(40, 'a');
  std::string b = "https://b.example/" + std::string(40, 'b');
  sb.append({0, "<Bob>", a + " and " + b, 0});
  Strings rows = screen(sb, 30);
  CHECK(static_cast<int>(rows.size()) == sb.wrapped_rows(0, 30));
  std::string all = joined(rows, 0);
  CHECK(all.find(a) != std::string::npos);
  CHECK(all.find(b) != std::string::npos);
  // A URL with wide characters is cut between them, never inside one.
  sb.clear();
  std::string wide = "https://example.jp/";
  for (int i = 0; i < 20; ++i) wide += "\u6587";
  sb.append({0, "<Bob>", wide, 0});
  rows = screen(sb, 21);
  for (auto& r : rows) CHECK(display_width(r) <= 21);
  CHECK(joined(rows, 1) == wide);
  // A window narrower than a character: still progress, nothing lost.
  sb.clear();
  sb.append({0, "<Bob>", wide, 0});
  rows = screen(sb, 1);
  CHECK_FALSE(rows.empty());
}

TEST_CASE("urls: /url's list is newest first, once each, without copies", "[urls]") {
  Scrollback sb = bare();
  CHECK(recent_urls(sb).empty());
  Scrollback::Line line;
  line.nick = "Bob";
  line.text = "first https://one.example then https://two.example";
  line.time = 10;
  sb.append(line);
  line.nick = "Carol";
  line.text = "again https://one.example";
  line.time = 20;
  sb.append(line);
  line.text = "copied https://copy.example";
  line.quoted = true;  // a /lastlog or /url line
  sb.append(line);
  auto got = recent_urls(sb);
  REQUIRE(got.size() == 2);
  CHECK(got[0].url == "https://one.example");
  CHECK(got[0].nick == "Carol");
  CHECK(got[0].time == 20);
  CHECK(got[1].url == "https://two.example");
  CHECK(got[1].nick == "Bob");
  // Bounded.
  Scrollback many = bare();
  for (int i = 0; i < 80; ++i)
    many.append({0, "", "u https://example.com/" + std::to_string(i), 0});
  got = recent_urls(many);
  REQUIRE(got.size() == k_max_recent_urls);
  CHECK(got.front().url == "https://example.com/79");
  CHECK(got.back().url == "https://example.com/30");
}

TEST_CASE("urls: commands are split into words without a shell", "[urls]") {
  CHECK(msntty::split_words("  xdg-open\t--new-window  x ") ==
        Strings{"xdg-open", "--new-window", "x"});
  CHECK(msntty::split_words("").empty());
}
