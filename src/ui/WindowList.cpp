#include "ui/WindowList.hpp"

#include <algorithm>
#include <unordered_set>

namespace msntty::ui {

WindowList::WindowList(std::size_t max_lines) : m_max_lines(max_lines) {
  m_windows.push_back(std::make_unique<ChatWindow>(0, max_lines));
}

bool WindowList::sync(const Conversations& conversations,
                      const std::function<bool(const Conversation&)>& hidden) {
  bool changed = false;
  uint64_t current_id = current().conversation_id();
  std::unordered_set<uint64_t> alive;
  for (const Conversation& c : conversations.all()) {
    alive.insert(c.id());
    if (!find(c.id()) && !(hidden && hidden(c))) {
      m_windows.push_back(std::make_unique<ChatWindow>(c.id(), m_max_lines));
      apply_time_format(*m_windows.back());
      if (m_renderer) m_windows.back()->scrollback().set_header_renderer(m_renderer);
      changed = true;
    }
  }
  std::size_t before = m_windows.size();
  std::erase_if(m_windows, [&](const auto& w) {
    return !w->is_status() && !alive.count(w->conversation_id());
  });
  changed |= before != m_windows.size();
  if (changed) m_current = index_of(current_id).value_or(0);
  return changed;
}

std::optional<std::size_t> WindowList::index_of(uint64_t conversation_id) const {
  for (std::size_t i = 0; i < m_windows.size(); ++i)
    if (m_windows[i]->conversation_id() == conversation_id) return i;
  return std::nullopt;
}

ChatWindow* WindowList::find(uint64_t conversation_id) {
  auto i = index_of(conversation_id);
  return i ? m_windows[*i].get() : nullptr;
}

bool WindowList::select(std::size_t index) {
  if (index >= m_windows.size()) return false;
  m_current = index;
  return true;
}

bool WindowList::move(std::size_t from, std::size_t to) {
  if (from == 0 || to == 0 || from >= m_windows.size() || to >= m_windows.size()) return false;
  uint64_t current_id = current().conversation_id();
  auto w = std::move(m_windows[from]);
  m_windows.erase(m_windows.begin() + static_cast<std::ptrdiff_t>(from));
  m_windows.insert(m_windows.begin() + static_cast<std::ptrdiff_t>(to), std::move(w));
  m_current = index_of(current_id).value_or(0);
  return true;
}

std::optional<std::size_t> WindowList::most_active(
    const std::function<Activity(ChatWindow&)>& activity_of) {
  std::optional<std::size_t> best;
  Activity best_level = Activity::None;
  for (std::size_t i = 0; i < m_windows.size(); ++i) {
    if (i == m_current) continue;
    Activity a = activity_of(*m_windows[i]);
    if (a > best_level) {
      best_level = a;
      best = i;
    }
  }
  return best;
}

void WindowList::set_max_lines(std::size_t max_lines) {
  m_max_lines = max_lines;
  for (auto& w : m_windows) w->scrollback().set_max_lines(max_lines);
}

void WindowList::set_time_format(const std::string& format) {
  m_time_format = format;
  for (auto& w : m_windows) apply_time_format(*w);
}

void WindowList::set_header_renderer(Scrollback::HeaderRenderer renderer) {
  m_renderer = std::move(renderer);
  for (auto& w : m_windows) w->scrollback().set_header_renderer(m_renderer);
}

void WindowList::apply_time_format(ChatWindow& w) const {
  if (m_time_format.empty())
    w.scrollback().set_time_formatter([](int64_t) { return std::string(); });
  else
    // Time 0 marks lines with no time of their own (e.g. history read back from the log).
    w.scrollback().set_time_formatter([f = Scrollback::local_time_formatter(m_time_format)](
                                          int64_t t) { return t ? f(t) : std::string(); });
}

}  // namespace msntty::ui
