#include "app/OimOutbox.hpp"

#include <unistd.h>
#include <cstdio>
#include <ctime>
#include <utility>

#include "app/MachineGuid.hpp"
#include "app/ServiceUrls.hpp"
#include "app/SoapPost.hpp"
#include "proto/OimStore.hpp"

namespace msntty {

OimOutbox::OimOutbox(net::Reactor& reactor, net::HttpClient& http, const Settings& settings,
                     std::string run_id, Hooks hooks)
    : m_reactor(reactor),
      m_http(http),
      m_settings(settings),
      m_run_id(std::move(run_id)),
      m_hooks(std::move(hooks)) {}

OimOutbox::~OimOutbox() {
  *m_alive = false;
}

std::string OimOutbox::new_run_id() {
  if (auto guid = random_guid()) return *guid;
  char b[40];
  std::snprintf(b, sizeof b, "{%08X-0000-4000-8000-%012llX}", static_cast<unsigned>(::getpid()),
                static_cast<unsigned long long>(std::time(nullptr)));
  return b;
}

void OimOutbox::store(const std::string& to, const std::string& text, Done done) {
  Job job;
  job.to = to;
  job.parts = oim::split_for_store(text);
  job.done = std::move(done);
  if (job.parts.empty()) job.parts.emplace_back();
  m_jobs.push_back(std::move(job));
  if (!m_busy) next();
}

// The front job's next part, with the run's next number.
void OimOutbox::next() {
  if (m_jobs.empty()) return;
  Job& job = m_jobs.front();
  job.number = m_next_number++;
  job.answered = false;
  send_part();
}

// The front job's current part, with the lockkey as it stands.
void OimOutbox::send_part() {
  Job& job = m_jobs.front();
  std::string ticket = m_hooks.ticket ? m_hooks.ticket() : "";
  if (ticket.empty()) {
    bool signed_in = m_hooks.dialect && m_hooks.dialect() > 0;
    return finish(signed_in ? "no ticket for the offline-message service" : "not signed in");
  }
  job.ticket = ticket;
  oim::StoreRequest req;
  req.from = m_hooks.account ? m_hooks.account() : "";
  req.nick = m_hooks.nick ? m_hooks.nick() : "";
  if (req.nick.empty()) req.nick = req.from;
  req.to = job.to;
  req.ticket = std::move(ticket);
  req.lockkey = m_lockkey;
  req.run_id = m_run_id;
  req.number = job.number;
  req.msnp = m_hooks.dialect ? m_hooks.dialect() : 11;
  req.text = job.parts[job.part];
  oim::StoreCall call = oim::store_call(req);
  std::string where = service_url(m_settings, WebService::OimStore);
  auto url = net::Url::parse(where);
  if (!url) return finish("the offline-message service: invalid URL " + where);
  m_busy = true;
  m_request =
      post_soap(m_reactor, m_http, m_settings, *url, call.action, call.body, m_alive,
                [this](const auto& response, const auto& error) { on_answer(response, error); });
}

void OimOutbox::on_answer(const std::optional<net::HttpResponse>& response,
                          const std::string& error) {
  if (m_jobs.empty()) return;
  if (!response) return finish("the offline-message service: " + error);
  Job& job = m_jobs.front();
  oim::StoreReply reply = oim::read_store_reply(response->status, response->body);
  switch (reply.kind) {
    case oim::StoreReply::Kind::Challenge:
      if (job.answered) return finish(reply.reason);
      job.answered = true;
      m_lockkey = oim::lockkey_answer(reply.challenge);
      return send_part();  // the same call again, with its number
    case oim::StoreReply::Kind::Refused: {
      // Sent before a reconnect, answered after it: the old session's ticket is refused; the
      // new session's is tried, once.
      std::string now = m_hooks.ticket ? m_hooks.ticket() : "";
      if (reply.fault == "AuthenticationFailed" && !job.renewed && !now.empty() &&
          now != job.ticket) {
        job.renewed = true;
        return send_part();
      }
      std::string why = reply.reason;
      if (job.parts.size() > 1)
        why += " (part " + std::to_string(job.part + 1) + " of " +
               std::to_string(job.parts.size()) +
               (job.part ? "; the parts before it were stored)" : ")");
      return finish(why);
    }
    case oim::StoreReply::Kind::Stored:
      if (++job.part < job.parts.size()) return next();
      return finish("");
  }
}

// The front job is over: its caller hears in a turn of its own, and the next job starts.
void OimOutbox::finish(std::string error) {
  m_busy = false;
  Done done = std::move(m_jobs.front().done);
  m_jobs.pop_front();
  m_reactor.defer([alive = m_alive, done = std::move(done), error = std::move(error)] {
    if (*alive && done) done(error);
  });
  next();
}

}  // namespace msntty
