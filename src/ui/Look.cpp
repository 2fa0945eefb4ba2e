#include "ui/Look.hpp"

#include <array>

namespace msntty::ui {
namespace {

constexpr std::array<std::string_view, 8> k_colours = {"black", "red",     "green", "yellow",
                                                       "blue",  "magenta", "cyan",  "white"};

// -1 for "default", the curses number otherwise; k_unset when it is not a colour.
int colour_number(std::string_view name) {
  if (name == "default") return -1;
  for (std::size_t i = 0; i < k_colours.size(); ++i)
    if (k_colours[i] == name) return static_cast<int>(i);
  return Look::k_unset;
}

}  // namespace

void Look::apply(std::string_view style) {
  static constexpr std::pair<std::string_view, unsigned> k_attrs[] = {{"bold", k_bold},
                                                                      {"dim", k_dim},
                                                                      {"underline", k_underline},
                                                                      {"reverse", k_reverse},
                                                                      {"italic", k_italic}};
  static constexpr std::pair<std::string_view, Base> k_bases[] = {
      {"time", Base::Time},     {"prefix", Base::Prefix},   {"text", Base::Text},
      {"notice", Base::Notice}, {"error", Base::Error},     {"highlight", Base::Highlight},
      {"bar", Base::Bar},       {"current", Base::Current}, {"alert", Base::Alert}};
  if (style == "/") {
    *this = Look{};
    return;
  }
  for (const auto& [name, bit] : k_attrs)
    if (name == style) {
      attrs |= bit;
      return;
    }
  for (const auto& [name, b] : k_bases)
    if (name == style) {
      base = b;
      return;
    }
  if (style.starts_with("on-")) {
    bg = colour_number(style.substr(3));
    return;
  }
  fg = colour_number(style);
}

}  // namespace msntty::ui
