#include "util/MessageSplit.hpp"

#include "util/Utf8.hpp"

namespace msntty {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The whole first character: a limit below one character must not cut it, nor loop forever.
size_t first_character(std::string_view text) {
  size_t n = 1;
  while (n < text.size() && n < 4 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
  return n;
}

}  // namespace

size_t message_cut(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  size_t limit = utf8_prefix_bytes(text, max_bytes);
  if (limit == 0) return first_character(text);
  // A cut at n keeps text[0, n): candidates are the n whose byte before is white space.
  // Scanning down from the limit finds the latest of each kind first.
  size_t line_cut = 0, word_cut = 0, run_cut = 0;
  for (size_t n = limit; n > 0 && !line_cut; --n) {
    char before = text[n - 1];
    if (!is_space(before)) continue;
    if (before == '\r' && text[n] == '\n') continue;  // between CR and LF
    if (before == '\n' && n * 2 >= limit) line_cut = n;
    if (!is_space(text[n]) && !word_cut) word_cut = n;  // white space ends, a word starts
    if (!run_cut) run_cut = n;
    if (word_cut && n * 2 < limit) break;  // no line break left in the second half
  }
  if (line_cut) return line_cut;
  if (word_cut) return word_cut;
  if (run_cut) return run_cut;
  // One word longer than the room: a character boundary, still not between CR and LF.
  if (limit > 1 && text[limit - 1] == '\r' && text[limit] == '\n') --limit;
  return limit;
}

std::vector<std::string> split_message(std::string_view text, size_t max_bytes) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    size_t n = message_cut(text, max_bytes);
    parts.emplace_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return parts;
}

}  // namespace msntty
