#pragma once
// Receiving offline messages (doc/protocol/oim.md#receiving), inside the one poll loop. A
// notification from the NS (at sign-in, or live) starts a run: the list (from the notification,
// or GetMetadata when it did not list them), each message not in the journal fetched with
// GetMessage, one request at a time; then, in order (time, and one run by sequence number),
// each is shown and logged, its id goes into the journal, and only after all that the batch is
// deleted on the server (DeleteMessages), the journal's ids that still wait included. Failures
// are said once per run as notices and nothing is lost: a message that could not be fetched
// stays on the server, one that could not be deleted is in the journal and is deleted again at
// the next run, without being shown twice.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/OimJournal.hpp"
#include "app/Settings.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "proto/NsEvent.hpp"
#include "proto/SoapReply.hpp"
#include "proto/StoredMessage.hpp"

namespace msntty {

class OimInbox {
 public:
  struct Hooks {
    // The reading service's ticket of the signed-in session when offline messages are to be read
    // now (offline_messages on, NS dialect 11 or later); nullopt otherwise. Credentials.
    std::function<std::optional<std::string>()> ticket;
    // Shows and logs one message; the log is on disk when it returns, or an error says why not
    // (then the message stays on the server).
    std::function<Result<>(const oim::StoredMessage&)> deliver;
    std::function<void(const std::string&)> notice;
    std::function<int64_t()> now;  // unix seconds
  };
  // `journal` may be null (no state folder): then nothing protects against a crash between
  // showing and deleting.
  OimInbox(net::Reactor& reactor, net::HttpClient& http, const Settings& settings,
           OimJournal* journal, Hooks hooks);
  ~OimInbox();
  OimInbox(const OimInbox&) = delete;
  OimInbox& operator=(const OimInbox&) = delete;

  // Without a ticket yet (before the session is Online) the last one is kept for on_ns_ready.
  void on_notification(const ns::OfflineMessages& n);
  // The session is Online (its tickets are there): a notification kept until now runs.
  void on_ns_ready();
  // Reading was just allowed (offline_messages turned on): list with GetMetadata now.
  void check_now();
  // The NS session is gone, and its ticket with it: a run stops where it is (what was shown is
  // in the journal; the rest is still on the server for the next sign-in).
  void on_ns_lost();
  bool idle() const { return !m_running; }

 private:
  using Answer = std::function<void(const std::optional<net::HttpResponse>&, const std::string&)>;
  void start(bool fetch_list, const std::vector<oim::Entry>& entries);
  void take_list(const std::vector<oim::Entry>& entries);
  void fetch_next();
  void on_message(const oim::Entry& entry, int status, std::string_view body);
  void show_all();
  void delete_batch();
  void delete_next();
  bool relist();
  void finish();
  bool post(const SoapCall& call, Answer answer);

  net::Reactor& m_reactor;
  net::HttpClient& m_http;
  const Settings& m_settings;
  OimJournal* m_journal;
  Hooks m_hooks;
  net::HttpClient::Request m_request;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  // of this run
  bool m_running = false;
  bool m_again = false;  // a notification came during the run: list again after it
  std::optional<ns::OfflineMessages> m_pending;  // came before the ticket
  // The run.
  std::vector<oim::Entry> m_fetch;  // to fetch, in the list's order
  size_t m_next = 0;
  std::vector<oim::StoredMessage> m_got;
  std::vector<std::string> m_delete;  // shown now or before (in the journal)
  size_t m_fetch_failed = 0, m_delete_failed = 0;
  std::string m_fetch_error, m_delete_error;
  std::set<std::string> m_faulted;        // ids the server answered a fault for
  std::set<std::string> m_fetch_faulted;  // those of them that were fetches
  bool m_relisted = false;
};

}  // namespace msntty
