#pragma once
// The small language of the format_* settings (themes): literal text, fields and styles.
//
//   $name or ${name}  a field ($time, $nick, $text ...; which ones depends on the setting)
//   {style}           from here on: an attribute (bold dim underline reverse italic), a colour
//                     (red, or on-red for the background; black red green yellow blue magenta
//                     cyan white default), or the look of a part of the screen (time prefix
//                     text notice error highlight bar current alert); {/} goes back to plain
//   {indent}          wrapped rows of a long line start under this column (else under $text)
//   $$ {{             a literal $ or {
//
// A field that comes out empty takes one space after it with it, so "$time <$nick>" has no
// leading space when timestamps are off. Parsed once, when the setting changes; a bad format is
// refused with a message that says what is wrong, and the old one stays. No curses here.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

class LineFormat {
 public:
  struct Item {
    enum class Kind { Literal, Field, Style, Indent };
    Kind kind = Kind::Literal;
    std::string value;  // the text, the field's name or the style's name
    bool operator==(const Item&) const = default;
  };

  // `fields`: the names this format may use. `text_last`: $text must be there, once, at the end
  // (a line's text wraps; what comes before it is the line's header). nullopt with `error`.
  static std::optional<LineFormat> parse(std::string_view text,
                                         const std::vector<std::string_view>& fields,
                                         bool text_last, std::string& error);
  static const std::vector<std::string_view>& style_names();

  const std::vector<Item>& items() const { return m_items; }

 private:
  std::vector<Item> m_items;
};

}  // namespace msntty
