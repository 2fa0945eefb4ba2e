#include "ui/Bars.hpp"

#include "ui/ContactPane.hpp"
#include "ui/TextWidth.hpp"

namespace msntty::ui {
namespace {

std::string label(const WindowTab& t, bool with_name) {
  std::string s = std::to_string(t.number);
  if (with_name) s += ":" + truncate_to_width(t.name, 14);
  if (t.activity == Activity::Message) s += "+";
  if (t.activity == Activity::Highlight) s += "!";
  return s;
}

int total_width(const std::vector<std::string>& labels) {
  int w = 0;
  for (const auto& l : labels) w += display_width(l) + 1;
  return w;
}

}  // namespace

std::vector<std::string> tab_labels(const std::vector<WindowTab>& tabs, int width) {
  for (int pass = 0; pass < 3; ++pass) {
    std::vector<std::string> out;
    for (const auto& t : tabs) {
      bool quiet = t.activity == Activity::None && !t.current;
      if (pass == 2 && quiet) {
        out.emplace_back();  // keeps positions aligned with `tabs`; drawn as nothing
        continue;
      }
      out.push_back(label(t, pass == 0 || !quiet));
    }
    if (total_width(out) <= width || pass == 2) return out;
  }
  return {};
}

void Bars::draw_title(WINDOW* w, const std::string& title) const {
  if (!w) return;
  Paint p(w, m_utf8);
  int width = getmaxx(w);
  p.blank(0, 0, width, m_palette[Role::Bar]);
  p.text(0, 1, truncate_to_width(title, width - 1), width - 1, m_palette[Role::Bar]);
}

void Bars::draw_status(WINDOW* w, const StatusInfo& info) const {
  if (!w) return;
  Paint p(w, m_utf8);
  int width = getmaxx(w);
  attr_t bar = m_palette[Role::Bar];
  p.blank(0, 0, width, bar);
  int x = 1;
  x += p.text(0, x, ContactPane::status_symbol(info.status, m_utf8), width - x, bar) + 1;
  std::string me = truncate_to_width(info.nick, std::max(4, width / 4));
  x += p.text(0, x, me, width - x, m_palette[Role::BarCurrent]) + 1;
  // The connection state gets at most half the bar: the window list must stay in sight (the
  // whole reason is in the status window).
  if (!info.connection.empty()) {
    std::string state = truncate_to_width(info.connection, std::max(8, width / 2 - 2));
    x += p.text(0, x, "[" + state + "]", width - x, m_palette[Role::BarAlert]) + 1;
  }
  if (!info.mode.empty())
    x += p.text(0, x, "[" + info.mode + "]", width - x, m_palette[Role::BarCurrent]) + 1;
  if (x < width) draw_windows(p, x, width - x, info.windows);
}

int Bars::draw_windows(const Paint& p, int x, int width, const std::vector<WindowTab>& tabs) const {
  std::vector<std::string> labels = tab_labels(tabs, width - 2);  // 2: the current one's brackets
  int used = 0;
  for (std::size_t i = 0; i < labels.size() && used < width; ++i) {
    if (labels[i].empty()) continue;
    std::string text = tabs[i].current ? "[" + labels[i] + "]" : labels[i];
    used += p.text(0, x + used, text, width - used, tab_attr(tabs[i])) + 1;
  }
  return used;
}

attr_t Bars::tab_attr(const WindowTab& t) const {
  if (t.current) return m_palette[Role::BarCurrent];
  switch (t.activity) {
    case Activity::Low: return m_palette[Role::BarLow];
    case Activity::Message: return m_palette[Role::BarMessage];
    case Activity::Highlight: return m_palette[Role::BarHighlight];
    case Activity::None: break;
  }
  return m_palette[Role::Bar];
}

}  // namespace msntty::ui
