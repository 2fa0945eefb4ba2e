// msntty: a terminal MSN Messenger client. See msntty(1).
#include <clocale>
#include <cstdio>
#include <exception>
#include <memory>

#include "app/App.hpp"
#include "app/ExitCode.hpp"
#include "ctl/RemoteClient.hpp"
#include "ctl/Scripting.hpp"
#include "ui/CursesInfo.hpp"
#include "ui/Ui.hpp"

namespace {

// The client proper. An exception escaping the loop (poll, c-ares, a pipe failing...) first
// gives the terminal back: the caller prints the message on a sane screen.
int run_client(msntty::Options options) {
  bool interactive = !options.headless;  // frontend (ui/)
  bool no_color = options.no_color;      // frontend (ui/)
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
  try {
    return app.run();
  } catch (...) {
    app.shutdown();  // terminal restored (raw mode, bracketed paste off), stdout drained
    throw;
  }
}

int run(int argc, char** argv) {
  msntty::Options options;
  std::string error;
  if (!msntty::parse_options(argc, argv, options, error)) {
    std::fprintf(stderr, "msntty: %s\n%s", error.c_str(), msntty::usage_text().c_str());
    return msntty::kExitUsage;
  }
  if (options.help) {
    std::fputs(msntty::usage_text().c_str(), stdout);
    return msntty::kExitOk;
  }
  if (options.version) {
    std::fputs(msntty::version_text(msntty::ui::curses_library_version()).c_str(), stdout);
    return msntty::kExitOk;
  }
  // --remote talks to a running instance and exits: no password, no session.
  if (!options.remote.empty() || options.remote_events || options.remote_path)
    return msntty::ctl::RemoteClient(options).run();
  return run_client(std::move(options));
}

}  // namespace

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "");
  // Nothing is caught below this: a failure the code cannot handle where it happens ends here,
  // after run_client() has restored the terminal.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "msntty: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "msntty: internal error: unknown exception\n");
  }
  return msntty::kExitInternal;
}
