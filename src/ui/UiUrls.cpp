// Ui: /url, the URLs of the current window: listed newest first, opened with url_command.
#include "ui/Ui.hpp"

#include "ui/RecentUrls.hpp"
#include "util/Strings.hpp"
#include "util/UrlFinder.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {

void Ui::cmd_url(const CommandArgs& a) {
  ChatWindow& here = m_windows.current();
  std::vector<RecentUrl> urls = recent_urls(here.scrollback());
  if (urls.empty()) return to_window(here, "no URLs in this window", LineRole::Notice);
  if (a.get("VERB") == "open") {
    std::string range = urls.size() == 1 ? "there is one URL in this window: /url open 1"
                                         : "there are " + std::to_string(urls.size()) +
                                               " URLs in this window: /url open 1 to " +
                                               std::to_string(urls.size());
    std::size_t n = 1;
    if (a.has("N")) {
      auto v = parse_u32(a.get("N"));
      if (!v || *v == 0 || *v > urls.size())
        return m_app.report_error("/url open: no URL " + sanitize_for_terminal(a.get("N")) + "; " +
                                  range);
      n = *v;
    }
    return open_url(urls[n - 1].url);
  }
  here.add(quoted_notice("URLs in this window, newest first (/url open N opens one):"));
  for (std::size_t i = 0; i < urls.size(); ++i)
    here.add(quoted_notice(std::to_string(i + 1) + ". " +
                           (urls[i].nick.empty() ? "" : "<" + urls[i].nick + "> ") + urls[i].url));
  here.scrollback().to_bottom();
  m_dirty |= kChat;
}

// The URL is one argv element after the setting's words: no shell ever sees it, so ";" or
// "$(...)" in it stay literal, and it cannot be an option (it starts with its scheme).
void Ui::open_url(const std::string& url) {
  std::string target = UrlFinder::openable(url);
  if (target.empty())
    return m_app.report_error("/url open: not opening \"" + url +
                              "\": only http, https, ftp, mailto and www URLs are opened");
  std::vector<std::string> argv = split_words(m_app.settings().get("url_command"));
  if (argv.empty())
    return m_app.report_error("/url open: url_command is empty (/set url_command xdg-open)");
  argv.push_back(target);
  std::string error;
  if (!m_spawner.spawn(argv, error))
    return m_app.report_error("/url open: " + error + " (see /set url_command)");
  ChatWindow& here = m_windows.current();
  here.add(quoted_notice("opening " + target + " with " + argv[0]));
  here.scrollback().to_bottom();
  m_dirty |= kChat;
}

}  // namespace msntty::ui
