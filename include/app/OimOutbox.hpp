#pragma once
// Offline messages on their way to the store service (doc/protocol/oim-store.md), inside the one
// poll loop: each text is split into parts, and the parts of every message go one call at a time,
// in order, numbered 1, 2, ... over the run under the run's one Run-Id. The first call goes with
// an empty lockkey; a lock-key challenge is answered once per call and the answer kept for the
// calls after it.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/Settings.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"

namespace msntty {

class OimOutbox {
 public:
  struct Hooks {
    std::function<std::string()> ticket;   // the signed-in session's store ticket; "" if none
    std::function<std::string()> account;  // ours
    std::function<std::string()> nick;     // our friendly name
    std::function<int()> dialect;          // the session's MSNP version
  };
  // Called once per message, in a fresh loop turn: "" when every part was stored, else why not
  // (the service's refusal or the transport's error, for the user).
  using Done = std::function<void(const std::string& error)>;

  // `run_id`: "{GUID}", the same for the whole run of the client.
  OimOutbox(net::Reactor& reactor, net::HttpClient& http, const Settings& settings,
            std::string run_id, Hooks hooks);
  ~OimOutbox();
  OimOutbox(const OimOutbox&) = delete;
  OimOutbox& operator=(const OimOutbox&) = delete;

  void store(const std::string& to, const std::string& text, Done done);
  bool idle() const { return m_jobs.empty(); }
  // A fresh random "{GUID}" (the system's random source; the time and process id if it fails).
  static std::string new_run_id();
  const std::string& run_id() const { return m_run_id; }

 private:
  struct Job {
    std::string to;
    std::vector<std::string> parts;
    size_t part = 0;
    uint32_t number = 0;    // of the part in flight
    bool answered = false;  // its lock-key challenge was answered already
    std::string ticket;     // the one its call went with
    bool renewed = false;   // sent again with a new session's ticket already
    Done done;
  };
  void next();
  void send_part();
  void on_answer(const std::optional<net::HttpResponse>& response, const std::string& error);
  void finish(std::string error);

  net::Reactor& m_reactor;
  net::HttpClient& m_http;
  const Settings& m_settings;
  std::string m_run_id;
  Hooks m_hooks;
  std::deque<Job> m_jobs;  // the front one is under way
  bool m_busy = false;
  uint32_t m_next_number = 1;
  std::string m_lockkey;  // the answer to the last challenge
  net::HttpClient::Request m_request;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  // deferred calls check it
};

}  // namespace msntty
