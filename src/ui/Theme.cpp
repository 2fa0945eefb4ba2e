#include "ui/Theme.hpp"

#include <algorithm>

#include "ui/LineStyle.hpp"

namespace msntty::ui {
namespace {

// Walks a format: literal text and fields become text in the current look, styles change it.
// `on_text(text, look, is_time)`; `on_indent()`; returns at $text (its look in `text_look`).
template <typename OnText, typename OnIndent, typename Field>
void walk(const LineFormat& f, const Field& field, int& text_look, const OnText& on_text,
          const OnIndent& on_indent, const std::function<int(const Look&)>& intern) {
  Look current;
  int look = 0;
  bool eat_space = false;  // an empty field takes the space after it with it
  for (const auto& item : f.items()) {
    switch (item.kind) {
      case LineFormat::Item::Kind::Literal: {
        std::string_view s = item.value;
        if (eat_space && s.starts_with(' ')) s.remove_prefix(1);
        eat_space = false;
        if (!s.empty()) on_text(std::string(s), look, false);
        break;
      }
      case LineFormat::Item::Kind::Field: {
        if (item.value == "text") {
          text_look = look;
          return;
        }
        std::string v = field(item.value);
        eat_space = v.empty();
        if (!v.empty()) on_text(std::move(v), look, item.value == "time");
        break;
      }
      case LineFormat::Item::Kind::Style:
        current.apply(item.value);
        look = intern(current);
        break;
      case LineFormat::Item::Kind::Indent: on_indent(); break;
    }
  }
}

LineFormat must_parse(std::string_view text, const std::vector<std::string_view>& fields) {
  std::string error;
  bool has_text = std::find(fields.begin(), fields.end(), "text") != fields.end();
  auto f = LineFormat::parse(text, fields, has_text, error);
  return f ? *f : LineFormat{};
}

// The fields a format_* setting's kind names ("format:time,nick,text").
std::vector<std::string_view> fields_of(std::string_view name) {
  std::vector<std::string_view> out;
  const SettingSpec* spec = Settings::spec(name);
  if (!spec || !spec->kind.starts_with("format:")) return out;
  for (std::string_view rest = spec->kind.substr(7); !rest.empty();) {
    std::size_t comma = std::min(rest.find(','), rest.size());
    out.push_back(rest.substr(0, comma));
    rest.remove_prefix(std::min(comma + 1, rest.size()));
  }
  return out;
}

}  // namespace

bool Theme::load(const Settings& settings, const char* name, Compiled& into) {
  const std::string& source = settings.get(name);
  if (into.loaded && source == into.source) return false;
  into.loaded = true;
  into.source = source;
  // Settings accepted it, so it parses (a bad one never gets stored).
  into.format = must_parse(source, fields_of(name));
  return true;
}

bool Theme::update(const Settings& settings) {
  bool changed = load(settings, "format_message", m_message);
  changed |= load(settings, "format_action", m_action);
  changed |= load(settings, "format_notice", m_notice);
  changed |= load(settings, "format_status", m_status);
  return changed;
}

int Theme::intern(const Look& l) const {
  if (l.plain()) return 0;
  for (std::size_t i = 0; i < m_looks.size(); ++i)
    if (m_looks[i] == l) return static_cast<int>(i);
  m_looks.push_back(l);
  return static_cast<int>(m_looks.size() - 1);
}

Scrollback::Header Theme::line_header(const Scrollback::Line& line, std::string stamp) const {
  LineRole role = style_role(line.style);
  bool message = role == LineRole::Incoming || role == LineRole::Own;
  const LineFormat& f = !message      ? m_notice.format
                        : line.action ? m_action.format
                                      : m_message.format;
  Scrollback::Header h;
  if (message && line.nick.empty()) {  // a line of no sender: its own prefix, as it is
    if (!stamp.empty()) h.parts = {{std::move(stamp), true}, {" "}};
    if (!line.prefix.empty()) h.parts.insert(h.parts.end(), {{line.prefix}, {" "}});
    return h;
  }
  bool indent_next = false;
  auto field = [&](std::string_view name) -> std::string {
    if (name == "time") return stamp;
    if (name == "nick") return line.nick;
    return {};
  };
  // Runs of spaces are parts of their own, so the words carry the look and nothing else.
  auto on_text = [&](std::string text, int look, bool time) {
    for (std::size_t i = 0; i < text.size();) {
      bool space = text[i] == ' ';
      std::size_t j = i;
      while (j < text.size() && (text[j] == ' ') == space) ++j;
      Scrollback::HeaderPart part{text.substr(i, j - i), time, indent_next, look};
      indent_next = false;
      if (!h.parts.empty() && !time && !h.parts.back().time && !h.parts.back().indent &&
          !part.indent && h.parts.back().look == look && !space &&
          h.parts.back().text.back() != ' ')
        h.parts.back().text += part.text;
      else
        h.parts.push_back(std::move(part));
      i = j;
    }
  };
  walk(
      f, field, h.text_look, on_text, [&] { indent_next = true; },
      [this](const Look& l) { return intern(l); });
  if (indent_next) h.parts.push_back({"", false, true, 0});  // {indent} right before $text
  return h;
}

std::vector<Theme::BarPart> Theme::status_bar(const FieldValue& value) const {
  std::vector<BarPart> out;
  int unused = 0;
  auto field = [&](std::string_view name) -> std::string {
    if (name == "windows") {
      out.push_back({"", 0, true});
      return "\x01";  // not empty: the space after the list stays
    }
    return value(name);
  };
  auto on_text = [&](std::string text, int look, bool) {
    if (text.size() == 1 && text[0] == '\x01') return;
    out.push_back({std::move(text), look, false});
  };
  walk(
      m_status.format, field, unused, on_text, [] {}, [this](const Look& l) { return intern(l); });
  return out;
}

}  // namespace msntty::ui
