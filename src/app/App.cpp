#include "app/App.hpp"

#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <utility>

#include "app/AwayCommands.hpp"
#include "app/ChatCommands.hpp"
#include "app/CoreCommands.hpp"
#include "app/IgnoreCommands.hpp"
#include "app/InterfaceCommands.hpp"
#include "app/ListCommands.hpp"
#include "app/LogCommands.hpp"
#include "app/MachineGuid.hpp"
#include "app/Password.hpp"
#include "app/PlaceCommands.hpp"
#include "net/TappedTransport.hpp"
#include "net/TcpConnection.hpp"
#include "util/ControlChars.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"
#include "util/XdgPaths.hpp"

namespace msntty {
namespace {}  // namespace

App::App(Options options)
    : m_options(std::move(options)), m_resolver(m_reactor), m_http(m_reactor, m_resolver) {
  Chats::Hooks hooks;
  hooks.request_switchboard = [this]() -> uint32_t {
    NsSession* s = session();
    if (!s) return 0;
    return s->request_switchboard();
  };
  hooks.account = [this]() -> const std::string& { return m_settings.get("account"); };
  hooks.highlights = [this]() -> const TextMatcher& { return highlights(); };
  hooks.place_guid = [this]() -> std::string {
    NsSession* s = session();
    return s && s->version() >= 16 ? s->config().machine_guid : "";
  };
  hooks.line_added = [this](Conversation& c, const ChatLine& line) { log_line(c, line); };
  hooks.ignored = [this](const std::string& email) { return m_ignores.contains(email); };
  hooks.received = [this](Conversation& c, const std::string& email, const std::string& text) {
    auto reply = m_away_state.reply_to(email, text);
    if (!reply) return;
    // After the switchboard's event is handled, not inside it.
    m_reactor.defer([this, id = c.id(), text = std::move(*reply)] {
      if (Conversation* conv = m_chats->find(id)) m_chats->send_text(*conv, text);
    });
  };
  hooks.opened = [this](Conversation& c) {
    show_history(c, static_cast<size_t>(m_settings.get_int("history_lines")));
  };
  hooks.ns_version = [this] {
    NsSession* s = session();
    return s ? s->version() : 0;
  };
  hooks.store_offline = [this](const std::string& to, const std::string& text,
                               OimOutbox::Done done) {
    m_outbox->store(to, text, std::move(done));
  };
  m_chats = std::make_unique<Chats>(m_reactor, transports("sb"), m_settings, m_contacts,
                                    m_conversations, m_events, std::move(hooks));
  m_outbox = std::make_unique<OimOutbox>(m_reactor, m_http, m_settings, OimOutbox::new_run_id(),
                                         outbox_hooks());
  std::vector<std::string> fixed;
  for (const auto& [name, value] : m_options.settings) fixed.push_back(name);
  UserConfig::Hooks config_hooks;
  config_hooks.execute = [this](std::string_view line, CommandSource source) {
    execute(line, source);
  };
  config_hooks.run_quietly = [this](const CommandSpec& spec, const CommandArgs& args) {
    return run_quietly(spec, args);
  };
  config_hooks.notice = [this](const std::string& text) { notice(text); };
  config_hooks.report_error = [this](const std::string& text) { report_error(text); };
  // Offline messages turned on mid-session: the ones waiting are read now, not at the next
  // sign-in.
  config_hooks.changed = [this](const std::string& name) {
    if (name == "offline_messages" && m_settings.get_bool(name) && m_inbox) m_inbox->check_now();
  };
  m_config = std::make_unique<UserConfig>(m_commands, m_settings, m_options.config_path,
                                          std::move(fixed), std::move(config_hooks));
  m_runner.set_aliases([this](std::string_view name, std::string_view args, CommandSource source) {
    return m_config->run_alias(name, args, source);
  });
  register_core_commands(m_commands, *this);
  register_chat_commands(m_commands, *this);
  register_list_commands(m_commands, *this);
  register_log_commands(m_commands, *this);
  register_place_commands(m_commands, *this);
  register_away_commands(m_commands, *this);
  register_ignore_commands(m_commands, *this);
  m_config->register_commands();
  declare_interface_commands(m_commands);
}

void App::mark_read(uint64_t conversation) {
  if (Conversation* c = m_conversations.find(conversation)) c->mark_read();
}

const TextMatcher& App::highlights() {
  return m_highlighter.matcher(m_own_nick, m_settings.get("account"),
                               m_settings.get("highlight_words"));
}

// A paste of several lines comes here rather than through a command line: the same rule.
void App::send_text(uint64_t conversation, const std::string& text) {
  Conversation* c = m_conversations.find(conversation);
  if (!c) return;
  StrippedLine clean = strip_controls(text);
  if (clean.changed())
    notice(clean.summary() + " from the message: control characters are never sent");
  send_text(*c, clean.text);
}

void App::send_typing(uint64_t conversation) {
  if (Conversation* c = m_conversations.find(conversation)) m_chats->send_typing(*c);
}

App::~App() = default;

NsSession* App::session() {
  return m_ns ? m_ns->session() : nullptr;
}

void App::report_error(const std::string& text) {
  if (m_command_result && m_command_result->ok) *m_command_result = {false, text};  // scripting
  if (m_quiet_errors) return;
  m_events.emit(ev::Error{.code = 0, .text = text});
}

void App::notice(const std::string& text) {
  m_events.emit(ev::Notice{.text = text});
}

void App::start_headless() {
  HeadlessIo::Hooks hooks;
  hooks.command = [this](std::string_view line) { execute(line, CommandSource::Headless); };
  hooks.error = [this](const std::string& text) { report_error(text); };
  m_headless = std::make_unique<HeadlessIo>(m_reactor, m_events, std::move(hooks));
}

void App::execute(std::string_view line, CommandSource source) {
  m_last_ns_error = {};
  m_runner.execute(line, source);
}

// A config line's first error becomes a warning naming the file and line (UserConfig), so it is
// not shown a second time as it happens.
std::string App::run_quietly(const CommandSpec& spec, const CommandArgs& args) {
  CommandResult result;
  CommandResult* outer = std::exchange(m_command_result, &result);
  bool quiet = std::exchange(m_quiet_errors, true);
  m_runner.run(spec, args, CommandSource::Config);
  m_quiet_errors = quiet;
  m_command_result = outer;
  return result.ok ? std::string() : result.error;
}

// Scripting: see App.hpp. Nested calls (a command running another) each see their own errors.
CommandResult App::execute_for_result(std::string_view line, CommandSource source) {
  CommandResult result;
  CommandResult* outer = std::exchange(m_command_result, &result);
  execute(line, source);
  m_command_result = outer;
  if (!result.ok && outer && outer->ok) *outer = result;
  return result;
}

bool App::sign_in() {
  const std::string& account = m_settings.get("account");
  if (account.empty() || account.find('@') == std::string::npos) {
    std::fprintf(stderr, "msntty: no account: use -a EMAIL or /set account in the config file\n");
    m_exit_code = kExitUsage;
    return false;
  }
  if (!m_password) {
    PasswordResult pw = obtain_password(account, m_settings.get("password_command"),
                                        isatty(STDIN_FILENO) || !m_options.headless);
    if (!pw.password) {
      std::fprintf(stderr, "msntty: %s\n", pw.error.c_str());
      m_exit_code = kExitError;
      return false;
    }
    m_password = std::move(pw.password);
  }
  if (m_debug) m_debug->add_secret(*m_password);
  if (!machine_guid_ready()) return false;
  NsConnection::Hooks hooks;
  hooks.config = [this] { return ns_config(); };
  hooks.on_reconnecting = [this](int attempt) {
    m_events.emit(ev::Reconnecting{.attempt = attempt});
  };
  hooks.on_connecting = [this](const std::string& host, uint16_t port) {
    m_events.emit(ev::Connecting{.server = host + ":" + std::to_string(port)});
  };
  hooks.on_event = [this](ns::Event& e) { on_ns_event(e); };
  hooks.on_lost = [this](const NsLink::Loss& loss, std::optional<std::chrono::milliseconds> retry) {
    on_ns_lost(loss, retry);
  };
  m_ns = std::make_unique<NsConnection>(m_reactor, transports("ns"), m_http, m_settings,
                                        std::move(hooks));
  m_ns->connect();
  return true;
}

// Only MSNP16+ need the machine GUID: a folder that cannot hold it stops only those.
bool App::machine_guid_ready() {
  auto guid = machine_guid(m_settings);
  if (guid) {
    m_machine_guid = *guid;
    return true;
  }
  auto versions = parse_protocols(m_settings.get("protocols"));
  if (versions && versions->front() < 16) return true;
  std::fprintf(stderr, "msntty: %s\n", guid.error().text.c_str());
  m_exit_code = kExitError;
  return false;
}

NsConfig App::ns_config() const {
  NsConfig cfg;
  cfg.account = m_settings.get("account");
  cfg.password = *m_password;
  cfg.versions = parse_protocols(m_settings.get("protocols")).value_or(cfg.versions);
  cfg.initial_status = status_from_name(m_settings.get("status")).value_or(Status::Online);
  cfg.machine_guid = m_machine_guid;
  cfg.place_name = place_name(m_settings);
  return cfg;
}

// Made when first asked for, for the account of that moment (the config has set it by then).
InputHistoryFile* App::input_history_file() {
  std::string state = msntty_dir(XdgDir::State);
  const std::string& account = m_settings.get("account");
  if (state.empty() || account.empty()) return nullptr;
  std::string path = InputHistoryFile::path_for(state, account);
  if (!m_input_history_file || m_input_history_file->path() != path)
    m_input_history_file.emplace(std::move(path));
  return &*m_input_history_file;
}

bool App::carries_secret(std::string_view line) const {
  if (Settings::names_secret(line)) return true;
  if (!line.starts_with('/') || line.starts_with("//")) return false;
  return m_config->alias_carries_secret(split_first_word(line.substr(1)).first);
}

void App::quit() {
  if (m_quitting) return;
  m_quitting = true;
  if (m_ns)
    m_ns->sign_out();
  else
    m_reactor.stop();
}

// Whether msntty ends with this loss: at /quit; with `reconnect off` (exit 69, as scripts that
// restart it expect); and when the very first sign-in fails for a reason retrying cannot mend
// (a wrong password, a bad server address, a certificate refused): there is no session to
// keep. A first sign-in that failed for a passing reason (no network yet) is retried.
bool App::ends_with(const NsLink::Loss& loss, bool retrying) const {
  if (m_quitting) return true;
  if (retrying || loss.reason == "user") return false;
  return !m_settings.get_bool("reconnect") || !m_ever_signed_in;
}

void App::on_ns_lost(const NsLink::Loss& loss, std::optional<std::chrono::milliseconds> retry) {
  m_resync_timer.cancel();
  if (!retry) m_waiting.fail_all(loss.text);  // no sign-in is coming by itself
  if (ends_with(loss, retry.has_value())) {
    m_events.emit(ev::SignedOut{.reason = loss.reason, .text = loss.text});
    m_chats->close_all();
    if (m_inbox) m_inbox->on_ns_lost();
    m_exit_code = m_quitting ? kExitOk : loss.exit_code;
    m_reactor.defer([this] { m_reactor.stop(); });
    return;
  }
  if (m_ever_signed_in) m_privacy_before = m_sync.privacy();
  int secs = retry ? static_cast<int>((retry->count() + 999) / 1000) : 0;
  m_events.emit(ev::Disconnected{
      .reason = loss.reason, .text = loss.text, .final = !retry, .retry_in = secs});
  m_contacts.set_stale(true);
  m_chats->on_ns_lost();
  if (m_inbox) m_inbox->on_ns_lost();
  if (loss.reason == "user" && !retry) m_chats->leave_all("you signed out");
}

int App::run() {
  // Options first (the config's per-account lines need to know the account), then the
  // config, then the options again: the command line wins.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [name, value] : m_options.settings) {
      if (auto err = m_settings.set(name, value)) {
        std::fprintf(stderr, "msntty: %s\n", err->c_str());
        return kExitUsage;
      }
    }
    std::string error;
    if (pass == 0 && !m_config->load(error, m_options.headless)) {
      std::fprintf(stderr, "msntty: %s\n", error.c_str());
      return kExitError;
    }
  }
  if (m_options.debug && !open_debug_log()) return kExitError;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) m_reactor.on_signal(sig, [this] { quit(); });
  if (m_options.headless) start_headless();
  if (!sign_in()) return m_exit_code;
  if (m_frontend && !start_frontend())
    return m_exit_code;  // frontend (ui/): after the password prompt
  open_log();
  open_inbox();
  for (const auto& w : m_config->warnings()) report_error(w);  // now someone is listening
  if (m_on_started) m_on_started();  // scripting: the command pipe and event socket
  m_reactor.run();
  shutdown();
  return m_exit_code;
}

net::TransportFactory App::transports(const std::string& kind) {
  auto taps = [this](const std::string& label) -> net::Transport::Tap {
    return m_debug ? m_debug->tap(label) : nullptr;
  };
  return net::tapped_transports(net::tcp_transports(m_reactor, m_resolver), taps, kind);
}

bool App::open_debug_log() {
  auto opened = DebugLog::open(m_options.debug_path);
  if (!opened) {
    std::fprintf(stderr, "msntty: %s\n", opened.error().text.c_str());
    return false;
  }
  m_debug = *opened;
  m_debug->note(std::string("msntty ") + MSNTTY_VERSION + " started");
  m_http.set_tap([this](const std::string& label) { return m_debug->tap(label); });
  m_debug_events = m_events.subscribe_json([this](std::string_view json) { m_debug->event(json); });
  return true;
}

void App::shutdown() {
  if (m_frontend) m_frontend->stop();  // frontend (ui/): the terminal back before exit
  if (m_headless) m_headless->drain(2000);
}

}  // namespace msntty
