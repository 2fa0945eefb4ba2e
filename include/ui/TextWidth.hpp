// Display-width and UTF-8 helpers for the terminal UI.
//
// Widths follow wcwidth() semantics but come from our own tables, so layout is the same on
// every machine whatever the locale or libc version (and tests are deterministic).
// A "cluster" is a base code point plus the zero-width code points that attach to it
// (combining marks, variation selectors, ZWJ-joined emoji, regional-indicator pairs); the
// editor moves and deletes by cluster so a user never splits "e\u0301" or a flag in half.
// The width of a cluster is the sum of its code points' widths: that is what curses (which
// uses wcwidth per code point) will actually advance, so our layout never disagrees with it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace msntty::ui {

inline constexpr char32_t k_replacement_char = U'\uFFFD';

// Decodes the code point starting at byte `pos` and advances `pos` past it. Malformed input
// (bad lead byte, truncated sequence, overlong form, surrogate, > U+10FFFF) yields U+FFFD and
// consumes exactly one byte, so decoding always makes progress.
char32_t decode_utf8_at(std::string_view s, std::size_t& pos);
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view s);

// Number of terminal columns of one code point: 0 for controls and zero-width/combining
// code points, 2 for East Asian Wide/Fullwidth and emoji, 1 otherwise.
int codepoint_width(char32_t cp);
// True for zero-width code points that attach to the preceding code point.
bool is_cluster_extender(char32_t cp);

int display_width(std::string_view utf8);
int display_width(std::u32string_view s);

// Index of the first code point after the cluster that starts at `pos` (pos < s.size()).
std::size_t next_cluster(std::u32string_view s, std::size_t pos);
// Same on UTF-8: byte offset after the cluster starting at byte `pos`; `width` receives the
// cluster's display width when non-null.
std::size_t next_cluster(std::string_view utf8, std::size_t pos, int* width = nullptr);

// Cuts `s` at a cluster boundary so the result, with `ellipsis` appended, is at most `width`
// columns. Strings that already fit are returned unchanged. A wide character that would
// straddle the limit is dropped whole, so the result may be one column short.
std::string truncate_to_width(std::string_view s, int width, std::string_view ellipsis = "\u2026");
// Appends spaces until `s` is `width` columns wide; longer strings are returned unchanged.
std::string pad_to_width(std::string_view s, int width);

}  // namespace msntty::ui
