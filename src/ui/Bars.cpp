#include "ui/Bars.hpp"

#include <algorithm>

#include "ui/ContactPane.hpp"
#include "ui/TextWidth.hpp"

namespace msntty::ui {
namespace {

std::string label(const WindowTab& t, int name_columns) {
  std::string s = std::to_string(t.number);
  if (name_columns > 0) s += ":" + truncate_to_width(t.name, name_columns);
  if (t.activity == Activity::Message) s += "+";
  if (t.activity == Activity::Highlight) s += "!";
  return s;
}

bool quiet(const WindowTab& t) {
  return t.activity == Activity::None && !t.current;
}

std::string hidden_label(int hidden) {
  return "+" + std::to_string(hidden);
}

// The active windows other than the current one, in the order they are left out.
std::vector<std::size_t> drop_order(const std::vector<WindowTab>& tabs) {
  std::vector<std::size_t> order;
  std::size_t current = 0;
  for (std::size_t i = 0; i < tabs.size(); ++i) {
    if (tabs[i].current) current = i;
    if (!quiet(tabs[i]) && !tabs[i].current) order.push_back(i);
  }
  auto distance = [current](std::size_t i) { return i > current ? i - current : current - i; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (tabs[a].activity != tabs[b].activity) return tabs[a].activity < tabs[b].activity;
    return distance(a) > distance(b);
  });
  return order;
}

// Quiet windows as numbers (or left out), active ones named in `name_columns`, `dropped` left out.
TabFit build(const std::vector<WindowTab>& tabs, bool quiet_shown, int name_columns,
             const std::vector<bool>& dropped) {
  TabFit fit;
  for (std::size_t i = 0; i < tabs.size(); ++i) {
    const WindowTab& t = tabs[i];
    if ((quiet(t) && !quiet_shown) || dropped[i]) {
      fit.labels.emplace_back();
      ++fit.hidden;
      fit.hidden_activity = std::max(fit.hidden_activity, t.activity);
      continue;
    }
    fit.labels.push_back(label(t, quiet(t) ? 0 : t.current ? k_max_tab_name : name_columns));
  }
  return fit;
}

}  // namespace

int fitted_width(const std::vector<WindowTab>& tabs, const TabFit& fit) {
  int w = 0, items = 0;
  for (std::size_t i = 0; i < fit.labels.size() && i < tabs.size(); ++i) {
    if (fit.labels[i].empty()) continue;
    w += display_width(fit.labels[i]) + (tabs[i].current ? 2 : 0);
    ++items;
  }
  if (fit.hidden) {
    w += display_width(hidden_label(fit.hidden));
    ++items;
  }
  return w + std::max(0, items - 1);
}

TabFit fit_tabs(const std::vector<WindowTab>& tabs, int width) {
  std::vector<bool> dropped(tabs.size(), false);
  // Everyone named, then the quiet ones as bare numbers.
  TabFit all;
  for (const auto& t : tabs) all.labels.push_back(label(t, k_max_tab_name));
  if (fitted_width(tabs, all) <= width) return all;
  TabFit fit = build(tabs, true, k_max_tab_name, dropped);
  if (fitted_width(tabs, fit) <= width) return fit;
  // Then the quiet ones out, and shorter names for the active ones.
  for (int cols = k_max_tab_name; cols >= k_min_tab_name; cols -= 3) {
    fit = build(tabs, false, std::max(cols, k_min_tab_name), dropped);
    if (fitted_width(tabs, fit) <= width) return fit;
  }
  // Then the active ones out, one at a time.
  for (std::size_t i : drop_order(tabs)) {
    dropped[i] = true;
    fit = build(tabs, false, k_min_tab_name, dropped);
    if (fitted_width(tabs, fit) <= width) return fit;
  }
  return fit;  // only the current window and the count: drawing clips what still overflows
}

void Bars::draw_title(WINDOW* w, const std::string& title) const {
  if (!w) return;
  Paint p(w, m_utf8);
  int width = getmaxx(w);
  p.blank(0, 0, width, m_palette[Role::Bar]);
  p.text(0, 1, truncate_to_width(title, width - 1), width - 1, m_palette[Role::Bar]);
}

std::string status_field(const StatusInfo& info, std::string_view field, int width, bool utf8) {
  // The nickname gets a quarter of the bar, the personal message a fifth, the connection state
  // at most half: the window list must stay in sight (the whole reason is in the status window).
  if (field == "symbol") return std::string(ContactPane::status_symbol(info.status, utf8));
  if (field == "status") return std::string(status_label(info.status));
  if (field == "nick") return truncate_to_width(info.nick, std::max(4, width / 4));
  if (field == "psm" && !info.psm.empty())
    return "\"" + truncate_to_width(info.psm, std::max(4, width / 5)) + "\"";
  if (field == "connection" && !info.connection.empty())
    return "[" + truncate_to_width(info.connection, std::max(8, width / 2 - 2)) + "]";
  if (field == "mode" && !info.mode.empty()) return "[" + info.mode + "]";
  return {};
}

std::vector<TabSpot> Bars::draw_status(WINDOW* w, const StatusInfo& info,
                                       const Theme& theme) const {
  if (!w) return {};
  Paint p(w, m_utf8);
  int width = getmaxx(w);
  p.blank(0, 0, width, m_palette[Role::Bar]);
  auto value = [&](std::string_view field) { return status_field(info, field, width, m_utf8); };
  std::vector<Theme::BarPart> parts = theme.status_bar(value);
  // The window list takes what the parts after it leave.
  std::vector<int> after(parts.size() + 1, 0);
  for (std::size_t i = parts.size(); i-- > 0;)
    after[i] = after[i + 1] + (parts[i].windows ? 0 : display_width(parts[i].text));
  std::vector<TabSpot> spots;
  int x = 0;
  for (std::size_t i = 0; i < parts.size() && x < width; ++i) {
    if (parts[i].windows) {
      int room = width - x - after[i + 1];
      if (room <= 0) continue;
      spots = draw_windows(p, x, room, info.windows);
      x += room;  // what follows the list is at the right end of the bar
      continue;
    }
    x += p.text(0, x, parts[i].text, width - x, look_attr(theme, parts[i].look));
  }
  return spots;
}

attr_t Bars::look_attr(const Theme& theme, int look_id) const {
  attr_t bar = m_palette[Role::Bar];
  if (look_id == 0) return bar;
  const Look& look = theme.look(look_id);
  attr_t base = bar;
  switch (look.base) {
    case Look::Base::Current: base = m_palette[Role::BarCurrent]; break;
    case Look::Base::Alert: base = m_palette[Role::BarAlert]; break;
    case Look::Base::Time: base = m_palette[Role::Timestamp]; break;
    case Look::Base::Notice: base = m_palette[Role::Notice]; break;
    case Look::Base::Error: base = m_palette[Role::Error]; break;
    case Look::Base::Highlight: base = m_palette[Role::BarHighlight]; break;
    default: break;
  }
  return m_palette.with_look(base, look);
}

std::vector<TabSpot> Bars::draw_windows(const Paint& p, int x, int width,
                                        const std::vector<WindowTab>& tabs) const {
  TabFit fit = fit_tabs(tabs, width - 1);  // 1: the bar's right margin
  std::vector<TabSpot> spots;
  int used = 0;
  for (std::size_t i = 0; i < fit.labels.size() && used < width; ++i) {
    if (fit.labels[i].empty()) continue;
    std::string text = tabs[i].current ? "[" + fit.labels[i] + "]" : fit.labels[i];
    int drawn = p.text(0, x + used, text, width - used, tab_attr(tabs[i]));
    spots.push_back({tabs[i].number, x + used, drawn});
    used += drawn + 1;
  }
  if (fit.hidden && used < width)
    p.text(0, x + used, hidden_label(fit.hidden), width - used, activity_attr(fit.hidden_activity));
  return spots;
}

attr_t Bars::tab_attr(const WindowTab& t) const {
  return t.current ? m_palette[Role::BarCurrent] : activity_attr(t.activity);
}

attr_t Bars::activity_attr(Activity a) const {
  switch (a) {
    case Activity::Low: return m_palette[Role::BarLow];
    case Activity::Message: return m_palette[Role::BarMessage];
    case Activity::Highlight: return m_palette[Role::BarHighlight];
    case Activity::None: break;
  }
  return m_palette[Role::Bar];
}

}  // namespace msntty::ui
