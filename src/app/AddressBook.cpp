#include "app/AddressBook.hpp"

#include <utility>

#include "app/ServiceUrls.hpp"
#include "app/SoapPost.hpp"
#include "proto/NsSession.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

ab::Role role_of(unsigned list) {
  return list == kBlockList ? ab::Role::Block : ab::Role::Allow;
}

}  // namespace

std::string AddressBook::url(const Settings& settings, AbService service) {
  return service_url(settings,
                     service == AbService::Sharing ? WebService::Sharing : WebService::AddressBook);
}

AddressBook::AddressBook(net::Reactor& reactor, net::HttpClient& http, const Settings& settings,
                         std::string account, std::string ticket, Hooks hooks)
    : m_reactor(reactor),
      m_http(http),
      m_settings(settings),
      m_account(std::move(account)),
      m_ticket(std::move(ticket)),
      m_hooks(std::move(hooks)) {}

AddressBook::~AddressBook() {
  *m_alive = false;
}

NsSession* AddressBook::session() const {
  return m_hooks.session ? m_hooks.session() : nullptr;
}

void AddressBook::apply(ns::Event e) {
  if (m_hooks.apply) m_hooks.apply(e);
}

void AddressBook::fail(const std::string& text) {
  apply(ns::Error{0, text, std::nullopt, false});
}

void AddressBook::run(Job job) {
  if (job.empty()) return;
  m_jobs.push_back(std::move(job));
  if (m_jobs.size() == 1) {
    m_step = 0;
    next();
  }
}

void AddressBook::next() {
  while (!m_jobs.empty() && m_step >= m_jobs.front().size()) {
    m_jobs.pop_front();
    m_step = 0;
  }
  if (m_jobs.empty()) return;
  SoapCall call = m_jobs.front()[m_step].call();
  m_method = call.method;
  std::string where = url(m_settings, call.service);
  auto parsed = net::Url::parse(where);
  if (!parsed) return on_answer(std::nullopt, "invalid URL " + where);
  m_request =
      post_soap(m_reactor, m_http, m_settings, *parsed, call.action, call.body, m_alive,
                [this](const auto& response, const auto& error) { on_answer(response, error); });
}

void AddressBook::on_answer(const std::optional<net::HttpResponse>& response,
                            const std::string& error) {
  if (m_jobs.empty()) return;
  // Copies: a callback may end the NS link, and this address book with it.
  Step step = m_jobs.front()[m_step];
  std::string method = m_method;
  auto alive = m_alive;
  Result<> r = response ? step.done(response->status, response->body, method)
                        : Result<>(Error{method + " failed: " + error});
  if (!*alive) return;
  if (m_hooks.settle) m_hooks.settle();
  if (!*alive) return;
  if (r) {
    ++m_step;
  } else {
    m_jobs.pop_front();  // the rest of the job depended on this call
    m_step = 0;
    if (step.failed)
      step.failed(r.error().text);
    else
      fail(r.error().text);
    if (!*alive) return;
  }
  next();
}

AddressBook::Step AddressBook::simple(std::function<SoapCall()> call, std::function<void()> then) {
  return Step{std::move(call),
              [then = std::move(then)](int status, std::string_view body,
                                       std::string_view method) -> Result<> {
                Result<> r = ab::read_empty(status, body, method);
                if (r && then) then();
                return r;
              },
              {}};
}

// --- signing in

AddressBook::Job AddressBook::fetch_job(std::function<void(Result<ab::Lists>)> done) {
  auto members = std::make_shared<ab::Memberships>();
  auto report = [done](const std::string& text) { done(Error{text}); };
  Step memberships{[this] { return ab::find_membership(m_ticket); },
                   [members](int status, std::string_view body, std::string_view) -> Result<> {
                     auto m = ab::read_find_membership(status, body);
                     if (!m) return m.error();
                     *members = std::move(*m);
                     return {};
                   },
                   report};
  Step book{[this] { return ab::ab_find_all(m_ticket); },
            [this, members, done](int status, std::string_view body,
                                  std::string_view method) -> Result<> {
              auto b = ab::read_find_contacts(status, body, method);
              if (!b) return b.error();
              done(ab::to_lists(*members, *b, m_account));
              return {};
            },
            report};
  return {std::move(memberships), std::move(book)};
}

void AddressBook::fetch(std::function<void(Result<ab::Lists>)> done) {
  run(fetch_job(std::move(done)));
}

void AddressBook::refresh() {
  run(fetch_job([this](Result<ab::Lists> lists) {
    if (!lists) return fail(lists.error().text);
    for (auto& g : lists->groups) apply(ns::GroupListed{g});
    for (auto& c : lists->contacts) apply(ns::ContactListed{c});
  }));
}

// --- contacts

void AddressBook::add_contact(const std::string& email, const std::string& group_id,
                              unsigned ns_bits) {
  auto guid = std::make_shared<std::string>();
  Job job;
  job.push_back({[this, email] { return ab::ab_contact_add(m_ticket, email); },
                 [this, email, guid, ns_bits](int status, std::string_view body,
                                              std::string_view method) -> Result<> {
                   auto g = ab::read_guid(status, body, method);
                   if (!g) return g.error();
                   *guid = *g;
                   apply(ns::ListAdded{0, email, "", *g, ""});
                   if (NsSession* ns = session()) ns->add_to_lists(email, ns_bits);
                   return {};
                 },
                 {}});
  if (!group_id.empty())
    job.push_back(
        {[this, guid, group_id] { return ab::ab_group_contact_add(m_ticket, group_id, *guid); },
         [this, email, guid, group_id](int status, std::string_view body,
                                       std::string_view method) -> Result<> {
           auto g = ab::read_guid(status, body, method);
           if (!g) return g.error();
           apply(ns::ListAdded{0, email, "", *guid, group_id});
           return {};
         },
         {}});
  run(std::move(job));
}

void AddressBook::remove_contact(const Contact& c) {
  if (c.guid.empty())
    return fail("/remove: " + c.email + " is not in your address book (no contact id)");
  std::string email = c.email, guid = c.guid;
  run({simple([this, guid] { return ab::ab_contact_delete(m_ticket, guid); },
              [this, email] {
                if (NsSession* ns = session()) ns->remove_from_lists(email, kForwardList);
              })});
}

void AddressBook::move_between(const std::string& email, unsigned from, unsigned to, bool in_from,
                               bool pending) {
  Job job;
  if (in_from)
    job.push_back(
        simple([this, email, from] { return ab::delete_member(m_ticket, role_of(from), email); },
               [this, email, from] {
                 if (NsSession* ns = session()) ns->remove_from_lists(email, from);
               }));
  job.push_back(simple([this, email, to] { return ab::add_member(m_ticket, role_of(to), email); },
                       [this, email, to] {
                         if (NsSession* ns = session()) ns->add_to_lists(email, to);
                       }));
  if (pending)
    job.push_back(
        simple([this, email] { return ab::delete_member(m_ticket, ab::Role::Pending, email); },
               [this, email] {
                 apply(ns::ListRemoved{kPendingList, email, ""});
               }));
  run(std::move(job));
}

// --- groups

void AddressBook::add_group(const std::string& name) {
  run({{[this, name] { return ab::ab_group_add(m_ticket, name); },
        [this, name](int status, std::string_view body, std::string_view method) -> Result<> {
          auto g = ab::read_guid(status, body, method);
          if (!g) return g.error();
          apply(ns::GroupAdded{Group{*g, name}});
          return {};
        },
        {}}});
}

void AddressBook::rename_group(const std::string& group_id, const std::string& name) {
  run({simple([this, group_id, name] { return ab::ab_group_update(m_ticket, group_id, name); },
              [this, group_id, name] {
                apply(ns::GroupRenamed{Group{group_id, name}});
              })});
}

void AddressBook::remove_group(const std::string& group_id) {
  run({simple([this, group_id] { return ab::ab_group_delete(m_ticket, group_id); },
              [this, group_id] { apply(ns::GroupRemoved{group_id}); })});
}

void AddressBook::move(const Contact& c, const std::string& group_id) {
  if (c.guid.empty())
    return fail("/move: " + c.email + " is not in your address book (no contact id)");
  std::string email = c.email, guid = c.guid;
  Job job;
  job.push_back(
      {[this, group_id, guid] { return ab::ab_group_contact_add(m_ticket, group_id, guid); },
       [this, email, guid, group_id](int status, std::string_view body,
                                     std::string_view method) -> Result<> {
         auto g = ab::read_guid(status, body, method);
         if (!g) return g.error();
         apply(ns::ListAdded{0, email, "", guid, group_id});
         return {};
       },
       {}});
  for (const auto& old : c.groups)
    if (old != group_id)
      job.push_back(
          simple([this, old, guid] { return ab::ab_group_contact_delete(m_ticket, old, guid); },
                 [this, email, old] {
                   apply(ns::ListRemoved{0, email, old});
                 }));
  run(std::move(job));
}

// --- privacy: the Me annotation, and BLP on the NS (which also still understands it)

void AddressBook::set_privacy(const std::string& blp) {
  run({simple([this, blp] { return ab::ab_contact_update_me(m_ticket, blp == "BL" ? 2 : 1, 0); },
              [this, blp] {
                if (NsSession* ns = session()) ns->set_privacy(blp);
              })});
}

void AddressBook::set_prompt(const std::string& gtc) {
  run({simple([this, gtc] { return ab::ab_contact_update_me(m_ticket, 0, gtc == "N" ? 2 : 1); },
              [this, gtc] {
                if (NsSession* ns = session()) ns->set_prompt(gtc);
              })});
}

}  // namespace msntty
