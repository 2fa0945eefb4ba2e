#include "app/Options.hpp"

#include <getopt.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

namespace msntty {

bool parse_options(int argc, char** argv, Options& out, std::string& error) {
  enum {
    kNexus = 1000,
    kWeb,
    kCaFile,
    kHeadless,
    kNoColor,
    kRemote,
    kEvents,
    kPath,
    kDebug,
    kNoReconnect
  };
  static const option longopts[] = {
      {"account", required_argument, nullptr, 'a'},
      {"server", required_argument, nullptr, 's'},
      {"nexus", required_argument, nullptr, kNexus},
      {"web", required_argument, nullptr, kWeb},
      {"ca-file", required_argument, nullptr, kCaFile},
      {"protocol", required_argument, nullptr, 'p'},
      {"config", required_argument, nullptr, 'c'},
      {"headless", no_argument, nullptr, kHeadless},
      {"no-color", no_argument, nullptr, kNoColor},
      {"no-reconnect", no_argument, nullptr, kNoReconnect},
      {"remote", no_argument, nullptr, kRemote},
      {"events", no_argument, nullptr, kEvents},
      {"path", no_argument, nullptr, kPath},
      {"debug", required_argument, nullptr, kDebug},
      {"help", no_argument, nullptr, 'h'},
      {"version", no_argument, nullptr, 'V'},
      {nullptr, 0, nullptr, 0},
  };
  bool remote = false;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":a:s:p:c:vhV", longopts, nullptr)) != -1) {
    switch (c) {
      case 'a': out.settings.emplace_back("account", optarg); break;
      case 's': out.settings.emplace_back("server", optarg); break;
      case 'p': out.settings.emplace_back("protocols", optarg); break;
      case kNexus: out.settings.emplace_back("nexus", optarg); break;
      case kWeb: out.settings.emplace_back("web_base", optarg); break;
      case kCaFile: out.settings.emplace_back("ca_file", optarg); break;
      case 'c': out.config_path = optarg; break;
      case kHeadless: out.headless = true; break;
      case kNoColor: out.no_color = true; break;
      case kNoReconnect: out.settings.emplace_back("reconnect", "off"); break;
      case kRemote: remote = true; break;
      case kEvents: out.remote_events = true; break;
      case kPath: out.remote_path = true; break;
      case 'v': out.debug = true; break;
      case kDebug:
        out.debug = true;
        out.debug_path = optarg;
        break;
      case 'h': out.help = true; break;
      case 'V': out.version = true; break;
      case ':':
        error = std::string("option ") + argv[optind - 1] + " needs an argument";
        return false;
      default: error = std::string("unknown option ") + argv[optind - 1]; return false;
    }
  }
  for (int i = optind; i < argc; ++i) {
    if (!remote) {
      error = std::string("unexpected argument \"") + argv[i] +
              "\" (passwords are never taken from the command line; see MSNTTY_PASSWORD)";
      return false;
    }
    out.remote.emplace_back(argv[i]);
  }
  if (out.remote_events && !remote) {
    error = "--events goes with --remote";
    return false;
  }
  if (out.remote_path && (!remote || out.remote_events || !out.remote.empty())) {
    error = "--path goes with --remote alone: msntty --remote [-a ACCOUNT] --path";
    return false;
  }
  if (remote && out.remote.empty() && !out.remote_events && !out.remote_path) {
    error = "--remote needs a command, --events or --path";
    return false;
  }
  return true;
}

std::string usage_text() {
  return "usage: msntty [options]\n"
         "       msntty --remote [-a ACCOUNT] COMMAND | --remote --events | --remote --path\n"
         "\n"
         "  -a, --account EMAIL     account to sign in with\n"
         "  -s, --server HOST[:PORT]  notification server (default msnmsgr.escargot.chat:1863)\n"
         "      --web BASE          base URL of the web services (login, address book...)\n"
         "                          (default https://msnmsgr.escargot.chat)\n"
         "      --nexus URL         Passport 1.4 nexus for MSNP8-14 logins\n"
         "      --ca-file FILE      also trust the certificates in FILE\n"
         "  -p, --protocol LIST     MSNP versions to offer, e.g. MSNP18,MSNP12 or 2-7\n"
         "  -c, --config FILE       config file (default $XDG_CONFIG_HOME/msntty/config)\n"
         "      --headless          no terminal UI: commands on stdin, JSON events on stdout\n"
         "      --no-color          no colours (also when NO_COLOR is set)\n"
         "      --no-reconnect      exit when the connection is lost (reconnect off)\n"
         "  -v                      debug log: the wire and events, secrets redacted, in\n"
         "                          $XDG_STATE_HOME/msntty/debug.log\n"
         "      --debug FILE        the same, in FILE\n"
         "  -h, --help              this help\n"
         "  -V, --version           version and library versions\n"
         "\n"
         "The password comes from MSNTTY_PASSWORD, the password_command setting, or a prompt.\n"
         "See msntty(1).\n";
}

std::string version_text(const std::string& curses_version) {
  return std::string("msntty ") + MSNTTY_VERSION + "\n" + curses_version + "\n" +
         OpenSSL_version(OPENSSL_VERSION) + "\n";
}

}  // namespace msntty
