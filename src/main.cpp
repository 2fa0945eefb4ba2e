// msntty: a terminal MSN Messenger client. See msntty(1).
#include <clocale>
#include <cstdio>

#include "app/App.hpp"

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
    std::fputs(msntty::version_text().c_str(), stdout);
    return 0;
  }
  msntty::App app(std::move(options));
  return app.run();
}
