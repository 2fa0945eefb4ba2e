#include "app/OimInbox.hpp"

#include <set>
#include <utility>

#include "app/ServiceUrls.hpp"
#include "app/SoapPost.hpp"
#include "proto/RsiReplies.hpp"
#include "proto/RsiRequests.hpp"

namespace msntty {
namespace {

std::string count(size_t n, const std::string& one) {
  return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

}  // namespace

OimInbox::OimInbox(net::Reactor& reactor, net::HttpClient& http, const Settings& settings,
                   OimJournal* journal, Hooks hooks)
    : m_reactor(reactor),
      m_http(http),
      m_settings(settings),
      m_journal(journal),
      m_hooks(std::move(hooks)) {}

OimInbox::~OimInbox() {
  *m_alive = false;
}

void OimInbox::on_notification(const ns::OfflineMessages& n) {
  if (!m_hooks.ticket || !m_hooks.ticket()) {
    m_pending = n;  // the initial notification can come before the session is Online
    return;
  }
  m_pending.reset();
  if (m_running) {
    m_again = true;
    return;
  }
  start(n.fetch_list, n.messages);
}

void OimInbox::on_ns_ready() {
  if (auto n = std::exchange(m_pending, std::nullopt)) on_notification(*n);
}

void OimInbox::check_now() {
  ns::OfflineMessages n;
  n.fetch_list = true;
  on_notification(n);
}

void OimInbox::on_ns_lost() {
  *m_alive = false;
  m_alive = std::make_shared<bool>(true);
  m_request = {};
  m_running = m_again = false;
  m_pending.reset();  // the next session sends its own
}

void OimInbox::start(bool fetch_list, const std::vector<oim::Entry>& entries) {
  m_running = true;
  m_fetch.clear();
  m_got.clear();
  m_delete.clear();
  m_next = m_fetch_failed = m_delete_failed = 0;
  m_fetch_error.clear();
  m_delete_error.clear();
  m_faulted.clear();
  m_fetch_faulted.clear();
  m_relisted = false;
  if (!fetch_list) return take_list(entries);
  auto ticket = m_hooks.ticket();
  if (!ticket) return finish();
  post(oim::get_metadata(*ticket), [this](const auto& response, const std::string& error) {
    auto md = response ? oim::read_metadata(response->status, response->body)
                       : Result<oim::MailData>(Error{"GetMetadata failed: " + error});
    if (!md) {
      m_hooks.notice("cannot list the offline messages waiting on the server: " + md.error().text +
                     "; msntty tries again at the next sign-in");
      return finish();
    }
    take_list(md->messages);
  });
}

// What the journal knows was shown already: deleted again, not fetched.
void OimInbox::take_list(const std::vector<oim::Entry>& entries) {
  std::set<std::string> ids;
  for (const auto& e : entries) {
    if (!ids.insert(e.id).second) continue;
    if (m_journal && m_journal->contains(e.id))
      m_delete.push_back(e.id);
    else
      m_fetch.push_back(e);
  }
  fetch_next();
}

void OimInbox::fetch_next() {
  if (m_next >= m_fetch.size()) return show_all();
  auto ticket = m_hooks.ticket();
  if (!ticket) return finish();
  const oim::Entry entry = m_fetch[m_next];
  post(oim::get_message(*ticket, entry.id),
       [this, entry](const auto& response, const std::string& error) {
         if (response) {
           on_message(entry, response->status, response->body);
         } else {
           ++m_fetch_failed;
           m_fetch_error = "GetMessage failed: " + error;
         }
         ++m_next;
         fetch_next();
       });
}

void OimInbox::on_message(const oim::Entry& entry, int status, std::string_view body) {
  auto raw = oim::read_message(status, body);
  if (!raw) {
    ++m_fetch_failed;
    m_fetch_error = raw.error().text;
    m_faulted.insert(entry.id);
    m_fetch_faulted.insert(entry.id);
    return;
  }
  oim::StoredMessage m = oim::decode_stored_message(*raw);
  m.id = entry.id;
  if (m.from.empty()) m.from = entry.from;
  if (m.nick.empty()) m.nick = entry.nick;
  if (entry.received) m.time = entry.received;  // the list's time is the server's own
  if (!m.time) m.time = m_hooks.now();
  m_got.push_back(std::move(m));
}

// Each: shown and logged, then its id in the journal; only then, for all, the delete. One whose
// log line or journal entry did not reach the disk stays on the server: fetched again next time
// (the journal then says whether it was shown already).
void OimInbox::show_all() {
  oim::order_messages(m_got);
  std::string kept_error;
  size_t kept = 0;
  for (const auto& m : m_got) {
    if (m.from.empty()) continue;  // nobody to show it from; stays on the server
    Result<> r = m_hooks.deliver(m);
    if (m.malformed)
      m_hooks.notice("an offline message from " + m.from + " could not be decoded (" + m.problem +
                     "): shown as received and deleted");
    if (r && m_journal) r = m_journal->add({m.id}, m_hooks.now());
    if (!r) {
      if (kept_error.empty()) kept_error = r.error().text;
      ++kept;
      continue;
    }
    m_delete.push_back(m.id);
  }
  if (!m_got.empty()) m_hooks.notice(count(m_got.size(), "offline message") + " received");
  if (kept)
    m_hooks.notice("could not keep " + count(kept, "offline message") + " on the disk (" +
                   kept_error +
                   "); they stay on the server and are fetched again at the next sign-in");
  delete_batch();
}

void OimInbox::delete_batch() {
  if (m_delete.empty()) return finish();
  auto ticket = m_hooks.ticket();
  if (!ticket) return finish();
  post(oim::delete_messages(*ticket, m_delete),
       [this](const auto& response, const std::string& error) {
         Result<> r = response ? oim::read_delete(response->status, response->body)
                               : Result<>(Error{"DeleteMessages failed: " + error});
         if (r) return finish();
         // The server refuses the whole batch when one id is unknown (another place deleted
         // it): one at a time, the others go. No answer at all would not get better that way.
         if (response && m_delete.size() > 1) {
           m_next = 0;
           return delete_next();
         }
         m_delete_failed = m_delete.size();
         m_delete_error = r.error().text;
         if (response) m_faulted.insert(m_delete.begin(), m_delete.end());
         finish();
       });
}

void OimInbox::delete_next() {
  if (m_next >= m_delete.size()) return finish();
  auto ticket = m_hooks.ticket();
  if (!ticket) return finish();
  post(oim::delete_messages(*ticket, {m_delete[m_next]}),
       [this](const auto& response, const std::string& error) {
         Result<> r = response ? oim::read_delete(response->status, response->body)
                               : Result<>(Error{"DeleteMessages failed: " + error});
         if (!r) {
           ++m_delete_failed;
           m_delete_error = r.error().text;
           if (response) m_faulted.insert(m_delete[m_next]);
         }
         ++m_next;
         delete_next();
       });
}

// A fault for one id (a GetMessage, a delete of it alone) is what the server says when another
// place of the account (MPOP) handled it first: listed again once, an id no longer there is not
// a failure.
bool OimInbox::relist() {
  if (m_faulted.empty() || std::exchange(m_relisted, true)) return false;
  auto ticket = m_hooks.ticket();
  if (!ticket) return false;
  post(oim::get_metadata(*ticket), [this](const auto& response, const std::string&) {
    auto md = response ? oim::read_metadata(response->status, response->body)
                       : Result<oim::MailData>(Error{""});
    if (md) {
      std::set<std::string> listed;
      for (const auto& e : md->messages) listed.insert(e.id);
      for (const auto& id : m_faulted) {
        if (listed.count(id)) continue;
        if (m_fetch_faulted.count(id))
          --m_fetch_failed;
        else
          --m_delete_failed;
      }
    }
    finish();
  });
  return true;
}

void OimInbox::finish() {
  if (relist()) return;
  if (m_fetch_failed)
    m_hooks.notice("could not fetch " + count(m_fetch_failed, "offline message") + " (" +
                   m_fetch_error +
                   "); they stay on the server and are fetched at the next sign-in");
  m_fetch_failed = 0;
  if (m_delete_failed)
    m_hooks.notice("could not delete " + count(m_delete_failed, "offline message") +
                   " on the server (" + m_delete_error +
                   "); they will not be shown again, and msntty tries again at the next sign-in");
  m_delete_failed = 0;
  m_running = false;
  m_got.clear();
  if (!std::exchange(m_again, false)) return;
  m_reactor.defer([this, alive = m_alive] {
    if (*alive && !m_running && m_hooks.ticket && m_hooks.ticket()) start(true, {});
  });
}

// One request; its answer comes in a fresh loop turn (never inside the HTTP client's callback).
bool OimInbox::post(const SoapCall& call, Answer answer) {
  std::string where = service_url(m_settings, WebService::OimRsi);
  auto url = net::Url::parse(where);
  if (!url) {
    m_reactor.defer([answer, where, alive = m_alive] {
      if (*alive) answer(std::nullopt, "invalid URL " + where);
    });
    return false;
  }
  m_request = post_soap(m_reactor, m_http, m_settings, *url, call.action, call.body, m_alive,
                        std::move(answer));
  return true;
}

}  // namespace msntty
