#pragma once
// The URLs of a window for /url: its scrollback read from the newest line back, each URL once
// (where it was last mentioned), the lines /lastlog and /url themselves copied in left out.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ui/Scrollback.hpp"

namespace msntty::ui {

struct RecentUrl {
  std::string url;
  int64_t time = 0;  // of the line it is in
  std::string nick;  // who wrote it; empty for a notice
};

inline constexpr std::size_t k_max_recent_urls = 50;

// Newest first, at most `max`.
std::vector<RecentUrl> recent_urls(const Scrollback& scrollback,
                                   std::size_t max = k_max_recent_urls);

}  // namespace msntty::ui
