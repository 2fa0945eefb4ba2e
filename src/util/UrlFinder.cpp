#include "util/UrlFinder.hpp"

#include <array>

namespace msntty {
namespace {

struct Prefix {
  std::string_view text;
  bool needs_at;  // mailto: needs an address
};

constexpr std::array<Prefix, 5> k_prefixes = {{{"https://", false},
                                               {"http://", false},
                                               {"ftp://", false},
                                               {"mailto:", true},
                                               {"www.", false}}};

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool starts_with_icase(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[at + i]) != prefix[i]) return false;
  return true;
}

// The code point at `pos` (U+FFFD for a malformed sequence) and its length in bytes.
char32_t decode(std::string_view s, std::size_t pos, std::size_t& len) {
  auto b = static_cast<unsigned char>(s[pos]);
  len = 1;
  if (b < 0x80) return b;
  int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (n == 0 || pos + n > s.size()) return U'\uFFFD';
  char32_t cp = b & (0x3F >> (n - 1));
  for (int i = 1; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[pos + i]);
    if ((c & 0xC0) != 0x80) return U'\uFFFD';
    cp = (cp << 6) | (c & 0x3F);
  }
  len = static_cast<std::size_t>(n);
  return cp;
}

// Unicode spaces, punctuation and quotes end a URL as an ASCII space does: "«https://a.b»",
// "https://a.b。" in CJK text. Letters and other symbols of any script are part of it (IRIs).
bool ends_url(char32_t cp) {
  return cp == U'\uFFFD' || (cp >= 0x80 && cp <= 0xBF) ||  // C1, NBSP, Latin-1 punctuation
         cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation
         (cp >= 0x3000 && cp <= 0x303F) ||                              // CJK punctuation
         (cp >= 0xFE10 && cp <= 0xFE6F) ||                              // vertical and small forms
         (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF;
}

// ASCII that may stand in a URL (RFC 3986's characters and '%'); the rest - space, controls,
// quotes, <>, backslash, ^, `, {, |, } - ends it.
bool url_ascii(char c) {
  if (alnum(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '%': return true;
    default: return false;
  }
}

// A URL starts a word: "xhttp://" or "foo.www.bar" is not one.
bool word_start(std::string_view text, std::size_t at) {
  if (at == 0) return true;
  char c = text[at - 1];
  return !alnum(c) && c != '.' && c != '-' && c != '_' && c != '@' && c != '/' && c != '+';
}

// Bytes from `at` that can belong to a URL.
std::size_t run_end(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80) {
      if (!url_ascii(static_cast<char>(c))) break;
      ++at;
      continue;
    }
    std::size_t len = 0;
    if (ends_url(decode(text, at, len))) break;
    at += len;
  }
  return at;
}

// What ends the sentence is not part of the URL: trailing ".,:;!?'*" and a ")" or "]" the URL
// did not open ("(see https://en.wikipedia.org/wiki/C_(language))" keeps its own pair). The
// brackets are counted once, so a URL ending in thousands of ")" costs no more than its length.
std::size_t trim_end(std::string_view text, std::size_t b, std::size_t e) {
  int parens = 0, squares = 0;  // opened minus closed
  for (std::size_t i = b; i < e; ++i) {
    char c = text[i];
    parens += c == '(' ? 1 : c == ')' ? -1 : 0;
    squares += c == '[' ? 1 : c == ']' ? -1 : 0;
  }
  while (e > b) {
    char c = text[e - 1];
    if (c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == '\'' ||
        c == '*') {
      --e;
    } else if (c == ')' && parens < 0) {
      ++parens;
      --e;
    } else if (c == ']' && squares < 0) {
      ++squares;
      --e;
    } else {
      break;
    }
  }
  return e;
}

// Something is left after the prefix: a letter or digit (and an address after mailto:).
bool has_body(std::string_view body, bool needs_at) {
  bool letter = false, at = false;
  for (char c : body) {
    letter = letter || alnum(c) || static_cast<unsigned char>(c) >= 0x80;
    at = at || c == '@';
  }
  return letter && (!needs_at || at);
}

}  // namespace

std::vector<UrlFinder::Range> UrlFinder::find(std::string_view text) {
  std::vector<Range> out;
  for (std::size_t i = 0; i < text.size();) {
    char c = lower(text[i]);
    const Prefix* match = nullptr;
    if ((c == 'h' || c == 'f' || c == 'm' || c == 'w') && word_start(text, i))
      for (const auto& p : k_prefixes)
        if (starts_with_icase(text, i, p.text)) {
          match = &p;
          break;
        }
    if (!match) {
      ++i;
      continue;
    }
    std::size_t body = i + match->text.size();
    std::size_t end = trim_end(text, i, run_end(text, body));
    if (end > body && has_body(text.substr(body, end - body), match->needs_at)) {
      out.emplace_back(i, end);
      i = end;
    } else {
      i = body;
    }
  }
  return out;
}

std::vector<std::string> UrlFinder::urls(std::string_view text) {
  std::vector<std::string> out;
  for (auto [b, e] : find(text)) out.emplace_back(text.substr(b, e - b));
  return out;
}

std::string UrlFinder::openable(std::string_view url) {
  auto found = find(url);
  if (found.size() != 1 || found[0] != Range{0, url.size()}) return {};
  if (starts_with_icase(url, 0, "www.")) return "https://" + std::string(url);
  return std::string(url);
}

}  // namespace msntty
