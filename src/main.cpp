// msntty: a terminal MSN Messenger client. See msntty(1).
#include <clocale>
#include <cstdio>
#include <memory>

#include "app/App.hpp"
#include "ui/CursesInfo.hpp"
#include "ui/Ui.hpp"
#include "ctl/RemoteClient.hpp"
#include "ctl/Scripting.hpp"

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "");
  msntty::Options options;
  std::string error;
  if (!msntty::parse_options(argc, argv, options, error)) {
    std::fprintf(stderr, "msntty: %s\n%s", error.c_str(), msntty::usage_text().c_str());
    return msntty::kExitUsage;
  }
  if (options.help) {
    std::fputs(msntty::usage_text().c_str(), stdout);
    return 0;
  }
  if (options.version) {
    std::fputs(msntty::version_text(msntty::ui::curses_library_version()).c_str(), stdout);
    return 0;
  }
  // --remote talks to a running instance and exits: no password, no session.
  if (!options.remote.empty() || options.remote_events) return msntty::ctl::RemoteClient(options).run();
  bool interactive = !options.headless;   // frontend (ui/)
  bool no_color = options.no_color;       // frontend (ui/)
  msntty::App app(std::move(options));
  // --- frontend (ui/): begin
  // The curses interface; declared after `app`, so it is gone before the App is.
  std::unique_ptr<msntty::ui::Ui> ui;
  if (interactive) {
    ui = std::make_unique<msntty::ui::Ui>(app, no_color);
    app.set_frontend(ui.get());
  }
  // --- frontend (ui/): end
  // The command pipe and event socket (ctl/). Declared after `app`, so removed before it goes.
  std::unique_ptr<msntty::ctl::Scripting> scripting;
  app.on_started([&app, &scripting] {
    std::string why;
    scripting = msntty::ctl::Scripting::start(app, app.settings().get("account"), why);
    if (!scripting) app.report_error("scripting interface not started: " + why);
  });
  return app.run();
}
