#include "ui/RecentUrls.hpp"

#include <algorithm>

#include "util/UrlFinder.hpp"

namespace msntty::ui {

std::vector<RecentUrl> recent_urls(const Scrollback& scrollback, std::size_t max) {
  std::vector<RecentUrl> out;
  for (std::size_t i = scrollback.size(); i-- > 0 && out.size() < max;) {
    const Scrollback::Line& line = scrollback.line(i);
    if (line.quoted) continue;
    std::vector<std::string> found = UrlFinder::urls(line.text);
    // Right to left: the last URL of the newest line is the newest one.
    for (auto it = found.rbegin(); it != found.rend() && out.size() < max; ++it) {
      bool seen =
          std::any_of(out.begin(), out.end(), [&](const RecentUrl& r) { return r.url == *it; });
      if (!seen) out.push_back({*it, line.time, line.nick});
    }
  }
  return out;
}

}  // namespace msntty::ui
