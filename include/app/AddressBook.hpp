#pragma once
// The address book and sharing services of MSNP13+ (doc/protocol/ab-soap.md), run inside the one
// poll loop: the sign-in fetch (FindMembership, then ABFindAll), and the SOAP half of every list
// command, each followed by its ADL/RML on the NS. Calls run one at a time, in order; a command
// is a job of several calls, and the first call that fails ends its job with an error (an
// ns::Error through Hooks::apply, as the NS's list errors are). Model changes also go through
// Hooks::apply as the ns:: events ContactSync already understands, so the model has one owner.
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/Settings.hpp"
#include "model/Contact.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "proto/AbLists.hpp"
#include "proto/NsEvent.hpp"
#include "util/Result.hpp"

namespace msntty {

class NsSession;

class AddressBook {
 public:
  struct Hooks {
    std::function<NsSession*()> session;    // signed in, for ADL/RML; null: none is sent
    std::function<void(ns::Event&)> apply;  // model changes and errors
    // After each answer: pass on what the session queued meanwhile (its events).
    std::function<void()> settle;
  };
  // `ticket`: the contacts ticket of this NS session (the services refuse any other).
  AddressBook(net::Reactor& reactor, net::HttpClient& http, const Settings& settings,
              std::string account, std::string ticket, Hooks hooks);
  ~AddressBook();
  AddressBook(const AddressBook&) = delete;
  AddressBook& operator=(const AddressBook&) = delete;

  // Signing in: FindMembership then ABFindAll, mapped onto the model's lists; an Error names the
  // call that failed and why.
  void fetch(std::function<void(Result<ab::Lists>)> done);
  // NOT: the lists changed on the server; fetched again and listed again.
  void refresh();

  // The list commands (ListCommands calls these instead of the NS at 13+).
  void add_contact(const std::string& email, const std::string& group_id, unsigned ns_bits);
  void remove_contact(const Contact& c);
  // /block, /unblock, /allow, /accept: out of `from` (if `in_from`), into `to`, and the request
  // cleared (DeleteMember Pending) when `pending`.
  void move_between(const std::string& email, unsigned from, unsigned to, bool in_from,
                    bool pending);
  void add_group(const std::string& name);
  void rename_group(const std::string& group_id, const std::string& name);
  void remove_group(const std::string& group_id);
  void move(const Contact& c, const std::string& group_id);
  void set_privacy(const std::string& blp);  // "AL" / "BL"
  void set_prompt(const std::string& gtc);   // "A" / "N"

  bool idle() const { return m_jobs.empty(); }

  // The service URL: its own setting, else derived from the web base (doc/protocol/ab-soap.md).
  static std::string url(const Settings& settings, AbService service);

 private:
  // One call: built when its turn comes (it may need an earlier call's GUID), then its answer
  // read by `done`; an Error from it, or no answer at all, ends the job and goes to `failed`
  // (empty: reported as an error).
  struct Step {
    std::function<SoapCall()> call;
    std::function<Result<>(int status, std::string_view body, std::string_view method)> done;
    std::function<void(const std::string& text)> failed;
  };
  using Job = std::vector<Step>;
  void run(Job job);
  void next();
  void on_answer(const std::optional<net::HttpResponse>& response, const std::string& error);
  void apply(ns::Event e);
  void fail(const std::string& text);
  NsSession* session() const;
  // A call whose answer is an empty ...Response, then `then` (the NS half, the model).
  static Step simple(std::function<SoapCall()> call, std::function<void()> then);
  Job fetch_job(std::function<void(Result<ab::Lists>)> done);

  net::Reactor& m_reactor;
  net::HttpClient& m_http;
  const Settings& m_settings;
  std::string m_account;
  std::string m_ticket;
  Hooks m_hooks;
  std::deque<Job> m_jobs;  // the front one runs
  size_t m_step = 0;
  std::string m_method;  // of the call in flight
  net::HttpClient::Request m_request;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  // deferred calls check it
};

}  // namespace msntty
