// App: receiving offline messages. The journal is opened when the run starts (as the log is),
// whatever the protocol; the inbox reads only when a signed-in session at MSNP11+ has the
// setting on (doc/protocol/oim.md#receiving).
#include <ctime>

#include "app/App.hpp"
#include "util/XdgPaths.hpp"

namespace msntty {
namespace {

int64_t unix_now() {
  return static_cast<int64_t>(std::time(nullptr));
}

}  // namespace

void App::open_inbox() {
  std::string state = msntty_dir(XdgDir::State);
  if (!state.empty()) {
    auto journal =
        OimJournal::open(OimJournal::path_for(state, m_settings.get("account")), unix_now());
    if (journal)
      m_oim_journal.emplace(std::move(*journal));
    else
      report_error(journal.error().text +
                   " (offline messages: a crash before they are deleted may show them twice)");
  }
  OimInbox::Hooks hooks;
  hooks.ticket = [this]() -> std::optional<std::string> {
    NsSession* s = session();
    if (!s || s->version() < 11 || !m_settings.get_bool("offline_messages")) return std::nullopt;
    const WebTickets* t = m_ns ? m_ns->tickets() : nullptr;
    if (!t || t->oim_receive.empty()) return std::nullopt;
    return t->oim_receive;
  };
  hooks.deliver = [this](const oim::StoredMessage& m) { return deliver_offline(m); };
  hooks.notice = [this](const std::string& text) { notice(text); };
  hooks.now = unix_now;
  m_inbox = std::make_unique<OimInbox>(m_reactor, m_http, m_settings,
                                       m_oim_journal ? &*m_oim_journal : nullptr, std::move(hooks));
}

// Into the sender's conversation and its log, and the log onto the disk before the id goes into
// the journal (which is what allows deleting it on the server): an error if the line did not
// reach the disk. With the log off (or no data folder) the journal alone decides.
Result<> App::deliver_offline(const oim::StoredMessage& m) {
  m_log_last = {};
  m_chats->offline_message(m.from, m.nick, m.text, m.time);
  if (!m_log || !m_settings.get_bool("log")) return {};
  if (!m_log_last) return m_log_last;
  return m_log->sync();
}

}  // namespace msntty
