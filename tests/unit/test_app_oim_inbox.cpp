// app/OimInbox against an in-test plain HTTP server on loopback playing the RSI service, and
// app/OimJournal on a temporary folder: the list, one fetch at a time, the order, each message
// shown before its id is journaled and only then the batch deleted; ids the journal knows are
// deleted again but not shown; a refused batch deleted one by one; failures said once, and
// nothing lost.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/ChatLog.hpp"
#include "app/OimInbox.hpp"
#include "app/OimJournal.hpp"
#include "helpers/Loop.hpp"
#include "helpers/SoapStub.hpp"
#include "helpers/TempDir.hpp"
#include "net/Listener.hpp"
#include "net/Resolver.hpp"
#include "util/Base64.hpp"
#include "util/Xml.hpp"

using namespace msntty;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

constexpr int64_t kNow = 1800000000;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The operation a SOAPAction names: "\"http://.../rsi/GetMessage\"" -> "GetMessage".
std::string op_of(const std::string& action) {
  std::string op = action.substr(action.rfind('/') + 1);
  return op.substr(0, op.size() - 1);
}

std::string envelope(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
         "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" +
         body + "</soap:Body></soap:Envelope>";
}

const std::string kFault = envelope(
    "<soap:Fault><faultcode>q0:AuthenticationFailed</faultcode><faultstring>Schema validation "
    "error</faultstring></soap:Fault>");

// A GetMessage answer: the stored text of `from` with `text` in base64, run {R} number `seq`.
std::string message_reply(const std::string& from, const std::string& text, int seq,
                          const std::string& arrival = "01 Dec 2026 07:56:52.0000 (UTC)") {
  std::string stored = "From: =?utf-8?B?" + base64_encode("Nick of " + from) + "?= <" + from +
                       ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: base64\r\nX-OIM-Run-Id: {R}\r\n"
                       "X-OIM-Sequence-Num: " +
                       std::to_string(seq) + "\r\nX-OriginalArrivalTime: " + arrival +
                       "\r\nDate: 30 Nov 2026 23:56:52 -0800\r\n\r\n" + base64_encode(text) +
                       "\r\n";
  return envelope("<GetMessageResponse><GetMessageResult>" + xml_escape(stored) +
                  "</GetMessageResult></GetMessageResponse>");
}

const std::string kDeleted = envelope("<DeleteMessagesResponse/>");

// A GetMetadata answer listing `ids` (from alice).
std::string metadata(const std::vector<std::string>& ids) {
  std::string md = "<MD>";
  for (const auto& id : ids) md += "<M><E>alice@example.com</E><I>" + id + "</I></M>";
  return envelope("<GetMetadataResponse>" + xml_escape(md + "</MD>") + "</GetMetadataResponse>");
}

oim::Entry entry(const std::string& id, const std::string& from, int64_t received = 0) {
  oim::Entry e;
  e.id = id;
  e.from = from;
  e.received = received;
  return e;
}

ns::OfflineMessages listed(std::vector<oim::Entry> entries) {
  ns::OfflineMessages n;
  n.messages = std::move(entries);
  return n;
}

struct Fixture {
  net::Reactor reactor;
  net::Resolver resolver{reactor, net::Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  net::HttpClient http{reactor, resolver};
  test::SoapStub server{reactor};
  Settings settings;
  test::TempDir dir;
  std::optional<OimJournal> journal;
  std::unique_ptr<OimInbox> inbox;
  std::unique_ptr<ChatLog> log;  // when set, deliver logs there as the App does
  std::vector<oim::StoredMessage> shown;
  std::vector<std::string> notices;
  bool signed_in = true;

  Fixture() {
    REQUIRE_FALSE(settings.set("web_base", server.base()));
    open_journal();
    OimInbox::Hooks hooks;
    hooks.ticket = [this]() -> std::optional<std::string> {
      if (!signed_in) return std::nullopt;
      return "t=0123456789abcdef0123&p=";
    };
    hooks.deliver = [this](const oim::StoredMessage& m) -> Result<> {
      shown.push_back(m);
      if (!log) return {};
      ChatLine line;
      line.kind = ChatLine::Kind::Incoming;
      line.from = m.from;
      line.text = m.text;
      line.offline = true;
      if (auto r = log->append(Conversation(1, {m.from}), line); !r) return r;
      return log->sync();
    };
    hooks.notice = [this](const std::string& t) { notices.push_back(t); };
    hooks.now = [] { return kNow; };
    inbox = std::make_unique<OimInbox>(reactor, http, settings, &*journal, std::move(hooks));
  }
  std::string journal_path() const { return dir.path() + "/state/oim-seen/bob@example.com"; }
  void open_journal() {
    journal.reset();
    auto j = OimJournal::open(journal_path(), kNow);
    REQUIRE(j);
    journal.emplace(std::move(*j));
  }
  void answer(int status, const std::string& body) { server.answer(status, body); }
  bool run_all() {
    return run_until(reactor, [this] { return inbox->idle() && server.replies_left() == 0; });
  }
  std::vector<std::string> ops() const {
    std::vector<std::string> out;
    for (const auto& a : server.asked()) out.push_back(op_of(a.action));
    return out;
  }
  std::vector<std::string> texts() const {
    std::vector<std::string> out;
    for (const auto& m : shown) out.push_back(m.text);
    return out;
  }
  // The ids of one DeleteMessages body.
  static std::vector<std::string> ids(const std::string& body) {
    std::vector<std::string> out;
    for (size_t at = body.find("<messageId>"); at != std::string::npos;
         at = body.find("<messageId>", at + 1)) {
      size_t from = at + 11;
      out.push_back(body.substr(from, body.find('<', from) - from));
    }
    return out;
  }
};

}  // namespace

TEST_CASE("OimInbox: fetched one at a time, shown in order, journaled, then deleted",
          "[app][oim]") {
  Fixture f;
  // The list is in storage order; the times of the list (RT) decide.
  f.answer(200, message_reply("alice@example.com", "third", 3));
  f.answer(200, message_reply("carol@example.com", "from carol", 1));
  f.answer(200, message_reply("alice@example.com", "first", 1));
  f.answer(200, kDeleted);
  std::string journal_at_delete;
  f.server.on_request = [&](const test::SoapStub::Asked& a) {
    if (op_of(a.action) == "DeleteMessages") journal_at_delete = read_file(f.journal_path());
  };
  f.inbox->on_notification(listed({entry("A3", "alice@example.com", kNow - 100),
                                   entry("C1", "carol@example.com", kNow - 200),
                                   entry("A1", "alice@example.com", kNow - 300)}));
  CHECK_FALSE(f.inbox->idle());
  REQUIRE(f.run_all());
  CHECK(f.ops() ==
        std::vector<std::string>{"GetMessage", "GetMessage", "GetMessage", "DeleteMessages"});
  CHECK(f.server.asked()[0].path == "/rsi/rsi.asmx");
  CHECK(f.server.asked()[0].body.find("<messageId>A3</messageId>") != std::string::npos);
  CHECK(f.server.asked()[0].body.find("<t>0123456789abcdef0123</t>") != std::string::npos);
  CHECK(f.texts() == std::vector<std::string>{"first", "from carol", "third"});
  REQUIRE(f.shown.size() == 3);
  CHECK(f.shown[0].time == kNow - 300);  // the list's RT, not the stored text's
  CHECK(f.shown[0].from == "alice@example.com");
  CHECK(f.shown[0].nick == "Nick of alice@example.com");
  CHECK(f.shown[0].id == "A1");
  // The delete came after all three were in the journal, and names them all.
  CHECK(journal_at_delete == "1800000000 A1\n1800000000 C1\n1800000000 A3\n");
  CHECK(Fixture::ids(f.server.asked()[3].body) == std::vector<std::string>{"A1", "C1", "A3"});
  CHECK(f.notices == std::vector<std::string>{"3 offline messages received"});
}

TEST_CASE("OimInbox: an id in the journal is deleted again but not shown", "[app][oim]") {
  Fixture f;
  REQUIRE(f.journal->add({"OLD"}, kNow - 60));  // shown before a crash, never deleted
  f.open_journal();                             // the next run of msntty reads it back
  REQUIRE(f.journal->contains("OLD"));
  f.answer(200, message_reply("alice@example.com", "new one", 2));
  f.answer(200, kDeleted);
  f.inbox->on_notification(
      listed({entry("OLD", "alice@example.com"), entry("NEW", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.ops() == std::vector<std::string>{"GetMessage", "DeleteMessages"});
  CHECK(f.server.asked()[0].body.find("<messageId>NEW</messageId>") != std::string::npos);
  CHECK(f.texts() == std::vector<std::string>{"new one"});
  CHECK(f.shown[0].time == 1796111812);  // no RT in a live list: X-OriginalArrivalTime's UTC
  CHECK(Fixture::ids(f.server.asked()[1].body) == std::vector<std::string>{"OLD", "NEW"});
}

TEST_CASE(
    "OimInbox: a refused batch is deleted one by one; what fails is said once and tried "
    "again next time",
    "[app][oim]") {
  Fixture f;
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.answer(200, message_reply("alice@example.com", "two", 2));
  f.answer(500, kFault);            // the batch
  f.answer(500, kFault);            // M1 alone
  f.answer(200, kDeleted);          // M2 alone
  f.answer(200, metadata({"M1"}));  // listed again: M1 is still there
  f.inbox->on_notification(
      listed({entry("M1", "alice@example.com"), entry("M2", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.ops() == std::vector<std::string>{"GetMessage", "GetMessage", "DeleteMessages",
                                            "DeleteMessages", "DeleteMessages", "GetMetadata"});
  CHECK(Fixture::ids(f.server.asked()[3].body) == std::vector<std::string>{"M1"});
  CHECK(Fixture::ids(f.server.asked()[4].body) == std::vector<std::string>{"M2"});
  REQUIRE(f.notices.size() == 2);
  CHECK(f.notices[1] ==
        "could not delete 1 offline message on the server (DeleteMessages failed: "
        "q0:AuthenticationFailed: Schema validation error); they will not be shown again, and "
        "msntty tries again at the next sign-in");
  CHECK(f.journal->contains("M1"));
  CHECK(f.journal->contains("M2"));

  // The next sign-in lists M1 again: deleted, not fetched, not shown.
  f.shown.clear();
  f.notices.clear();
  f.answer(200, kDeleted);
  f.inbox->on_notification(listed({entry("M1", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.ops().back() == "DeleteMessages");
  CHECK(f.ops().size() == 7);
  CHECK(f.shown.empty());
  CHECK(f.notices.empty());
}

TEST_CASE("OimInbox: no answer to the delete: said once, no deleting one by one", "[app][oim]") {
  Fixture f;
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.answer(200, message_reply("alice@example.com", "two", 2));
  f.answer(0, "");  // the connection closes without an answer
  f.inbox->on_notification(
      listed({entry("M1", "alice@example.com"), entry("M2", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.ops().size() == 3);
  REQUIRE(f.notices.size() == 2);
  CHECK(f.notices[1].starts_with("could not delete 2 offline messages on the server"));
  CHECK(f.texts() == std::vector<std::string>{"one", "two"});
}

TEST_CASE("OimInbox: a message that cannot be fetched stays on the server", "[app][oim]") {
  Fixture f;
  f.answer(500, kFault);
  f.answer(200, message_reply("alice@example.com", "fine", 2));
  f.answer(200, kDeleted);
  f.answer(200, metadata({"BAD"}));  // listed again: still there
  f.inbox->on_notification(
      listed({entry("BAD", "alice@example.com"), entry("OK", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.texts() == std::vector<std::string>{"fine"});
  CHECK(Fixture::ids(f.server.asked()[2].body) == std::vector<std::string>{"OK"});
  CHECK_FALSE(f.journal->contains("BAD"));
  CHECK(f.notices == std::vector<std::string>{
                         "1 offline message received",
                         "could not fetch 1 offline message (GetMessage failed: "
                         "q0:AuthenticationFailed: Schema validation error); they stay on the "
                         "server and are fetched at the next sign-in"});
}

TEST_CASE("OimInbox: a malformed message is shown marked, journaled and deleted", "[app][oim]") {
  Fixture f;
  std::string stored =
      "From: alice@example.com\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n!!not base64!!\r\n";
  f.answer(200, envelope("<GetMessageResponse><GetMessageResult>" + xml_escape(stored) +
                         "</GetMessageResult></GetMessageResponse>"));
  f.answer(200, kDeleted);
  f.inbox->on_notification(listed({entry("X", "alice@example.com")}));
  REQUIRE(f.run_all());
  REQUIRE(f.shown.size() == 1);
  CHECK(f.shown[0].malformed);
  CHECK(f.shown[0].time == kNow);  // no time anywhere: when it was read
  CHECK(f.journal->contains("X"));
  CHECK(f.ops().back() == "DeleteMessages");
  CHECK(f.notices[0] ==
        "an offline message from alice@example.com could not be decoded (the body is not valid "
        "base64): shown as received and deleted");
}

TEST_CASE(
    "OimInbox: too-large asks GetMetadata; a notification during a run lists again after "
    "it",
    "[app][oim]") {
  Fixture f;
  std::string md =
      "<MD><M><T>11</T><S>6</S><RT>2026-12-01T07:56:52Z</RT><E>alice@example.com</E>"
      "<I>L1</I><N>Alice</N></M></MD>";
  f.answer(200, envelope("<GetMetadataResponse>" + xml_escape(md) + "</GetMetadataResponse>"));
  f.answer(200, message_reply("alice@example.com", "listed", 1));
  f.answer(200, kDeleted);
  // The second run: the list again (L1 is gone, L2 came).
  f.answer(200, envelope("<GetMetadataResponse>" +
                         xml_escape("<MD><M><E>alice@example.com</E><I>L2</I></M></MD>") +
                         "</GetMetadataResponse>"));
  f.answer(200, message_reply("alice@example.com", "live", 2));
  f.answer(200, kDeleted);
  ns::OfflineMessages too_large;
  too_large.fetch_list = true;
  f.inbox->on_notification(too_large);
  f.inbox->on_notification(listed({entry("L2", "alice@example.com")}));  // live, mid-run
  REQUIRE(f.run_all());
  CHECK(f.ops() == std::vector<std::string>{"GetMetadata", "GetMessage", "DeleteMessages",
                                            "GetMetadata", "GetMessage", "DeleteMessages"});
  CHECK(f.server.asked()[0].body.find("<GetMetadata xmlns=\"http://www.hotmail.msn.com/ws/2004/09/"
                                      "oim/rsi\"><!--") != std::string::npos);
  CHECK(f.texts() == std::vector<std::string>{"listed", "live"});
  CHECK(f.shown[0].time == 1796111812);
}

TEST_CASE("OimInbox: nothing is read without a ticket, and a lost session stops a run",
          "[app][oim]") {
  Fixture f;
  f.signed_in = false;
  f.inbox->on_notification(listed({entry("A", "alice@example.com")}));
  CHECK(f.inbox->idle());
  test::settle(f.reactor);
  CHECK(f.server.asked().empty());

  f.signed_in = true;
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.inbox->on_notification(listed({entry("A", "alice@example.com")}));
  REQUIRE(run_until(f.reactor, [&] { return !f.server.asked().empty(); }));
  f.inbox->on_ns_lost();
  CHECK(f.inbox->idle());
  test::settle(f.reactor);
  CHECK(f.shown.empty());  // fetched but not shown: still on the server, for the next sign-in
  CHECK_FALSE(f.journal->contains("A"));
}

TEST_CASE(
    "OimInbox: a notification before the session is Online runs once it is; turning the "
    "setting on lists them",
    "[app][oim]") {
  Fixture f;
  f.signed_in = false;  // no ticket yet
  f.inbox->on_notification(listed({entry("EARLY", "alice@example.com")}));
  test::settle(f.reactor);
  CHECK(f.server.asked().empty());
  f.signed_in = true;
  f.answer(200, message_reply("alice@example.com", "early", 1));
  f.answer(200, kDeleted);
  f.inbox->on_ns_ready();
  REQUIRE(f.run_all());
  CHECK(f.ops() == std::vector<std::string>{"GetMessage", "DeleteMessages"});
  CHECK(f.texts() == std::vector<std::string>{"early"});
  f.inbox->on_ns_ready();  // kept only once
  test::settle(f.reactor);
  CHECK(f.ops().size() == 2);

  // offline_messages turned on mid-session: no notification comes, so the list is asked for.
  f.answer(200, envelope("<GetMetadataResponse>" +
                         xml_escape("<MD><M><E>alice@example.com</E><I>LATE</I></M></MD>") +
                         "</GetMetadataResponse>"));
  f.answer(200, message_reply("alice@example.com", "late", 2));
  f.answer(200, kDeleted);
  f.inbox->check_now();
  REQUIRE(f.run_all());
  CHECK(f.ops().size() == 5);
  CHECK(f.ops()[2] == "GetMetadata");
  CHECK(f.texts() == std::vector<std::string>{"early", "late"});
}

TEST_CASE(
    "OimInbox: faults for ids another place of the account handled are not failures (listed "
    "again once)",
    "[app][oim]") {
  Fixture f;
  f.answer(500, kFault);  // GONE: read and deleted at another place meanwhile
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.answer(200, message_reply("alice@example.com", "two", 2));
  f.answer(500, kFault);              // the batch M1, M2
  f.answer(500, kFault);              // M1 alone: the other place deleted it too
  f.answer(200, kDeleted);            // M2 alone
  f.answer(200, metadata({"KEPT"}));  // neither GONE nor M1 is listed any more
  f.inbox->on_notification(
      listed({entry("GONE", "alice@example.com"), entry("M1", "alice@example.com"),
              entry("M2", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.ops() == std::vector<std::string>{"GetMessage", "GetMessage", "GetMessage",
                                            "DeleteMessages", "DeleteMessages", "DeleteMessages",
                                            "GetMetadata"});
  CHECK(f.texts() == std::vector<std::string>{"one", "two"});
  CHECK(f.notices == std::vector<std::string>{"2 offline messages received"});
}

// The journal's descriptor made read-only behind its back: the next add cannot write.
void break_journal(const std::string& path) {
  DIR* d = ::opendir("/proc/self/fd");
  REQUIRE(d);
  int target = -1;
  while (dirent* e = ::readdir(d)) {
    char link[4096];
    std::string fd_path = std::string("/proc/self/fd/") + e->d_name;
    ssize_t n = ::readlink(fd_path.c_str(), link, sizeof link - 1);
    if (n > 0 && std::string(link, static_cast<size_t>(n)) == path) target = std::atoi(e->d_name);
  }
  ::closedir(d);
  REQUIRE(target >= 0);
  int ro = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(ro >= 0);
  REQUIRE(::dup2(ro, target) == target);
  ::close(ro);
}

TEST_CASE("OimInbox: a message whose log line cannot be written stays on the server",
          "[app][oim]") {
  Fixture f;
  // A file where the log folder should be.
  { std::ofstream(f.dir.file("logs")) << "not a folder"; }
  f.log = std::make_unique<ChatLog>(f.dir.file("logs") + "/bob@example.com");
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.inbox->on_notification(listed({entry("M1", "alice@example.com")}));
  REQUIRE(f.run_all());
  test::settle(f.reactor);
  CHECK(f.ops() == std::vector<std::string>{"GetMessage"});  // no delete
  CHECK_FALSE(f.journal->contains("M1"));
  REQUIRE(f.notices.size() == 2);
  CHECK(f.notices[0] == "1 offline message received");
  CHECK(f.notices[1].starts_with("could not keep 1 offline message on the disk (cannot "));
  CHECK(f.notices[1].ends_with(
      "); they stay on the server and are fetched again at the next sign-in"));

  // The folder works again: the next sign-in fetches it again, logs it, deletes it.
  REQUIRE(::unlink(f.dir.file("logs").c_str()) == 0);
  f.notices.clear();
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.answer(200, kDeleted);
  f.inbox->on_notification(listed({entry("M1", "alice@example.com")}));
  REQUIRE(f.run_all());
  CHECK(f.ops().back() == "DeleteMessages");
  CHECK(f.journal->contains("M1"));
  CHECK(read_file(f.dir.file("logs") + "/bob@example.com/alice@example.com.log")
            .ends_with("<alice@example.com> (offline) one\n"));
  CHECK(f.notices == std::vector<std::string>{"1 offline message received"});
}

TEST_CASE("OimInbox: a message whose journal entry cannot be written stays on the server",
          "[app][oim]") {
  Fixture f;
  break_journal(f.journal_path());
  f.answer(200, message_reply("alice@example.com", "one", 1));
  f.answer(200, message_reply("alice@example.com", "two", 2));
  f.inbox->on_notification(
      listed({entry("M1", "alice@example.com"), entry("M2", "alice@example.com")}));
  REQUIRE(f.run_all());
  test::settle(f.reactor);
  CHECK(f.texts() == std::vector<std::string>{"one", "two"});
  CHECK(f.ops() == std::vector<std::string>{"GetMessage", "GetMessage"});  // no delete
  REQUIRE(f.notices.size() == 2);
  CHECK(f.notices[1].starts_with("could not keep 2 offline messages on the disk (cannot write " +
                                 f.journal_path() + ": "));
}

TEST_CASE("OimJournal: private, kept across runs, old and broken lines dropped", "[app][oim]") {
  test::TempDir dir;
  std::string path = dir.path() + "/a/oim-seen/bob@example.com";
  {
    auto j = OimJournal::open(path, kNow);
    REQUIRE(j);
    CHECK(j->size() == 0);
    REQUIRE(j->add({"ID-1", "ID-2"}, kNow));
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((dir.path() + "/a/oim-seen").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(read_file(path) == "1800000000 ID-1\n1800000000 ID-2\n");
  CHECK(OimJournal::path_for("/s/msntty", "Bob@Example.com") ==
        "/s/msntty/oim-seen/bob@example.com");

  // An entry from 31 days ago and a line cut by a crash go; the file is rewritten without them.
  {
    std::ofstream out(path, std::ios::app);
    out << (kNow - 31 * 24 * 3600) << " OLD\n" << kNow << " CUT";
  }
  auto j = OimJournal::open(path, kNow + 10);
  REQUIRE(j);
  CHECK(j->contains("ID-1"));
  CHECK(j->contains("ID-2"));
  CHECK_FALSE(j->contains("OLD"));
  CHECK_FALSE(j->contains("CUT"));
  CHECK(read_file(path) == "1800000000 ID-1\n1800000000 ID-2\n");
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(j->add({"ID-3"}, kNow + 20));
  CHECK(read_file(path).ends_with("1800000020 ID-3\n"));
}

TEST_CASE("OimJournal: two processes of one account share it", "[app][oim]") {
  test::TempDir dir;
  std::string path = dir.path() + "/oim-seen/bob@example.com";
  auto a = OimJournal::open(path, kNow);  // the first msntty
  REQUIRE(a);
  REQUIRE(a->add({"A-1"}, kNow));
  {
    std::ofstream out(path, std::ios::app);
    out << (kNow - 31 * 24 * 3600) << " OLD\n";
  }
  // While the lock is held (another process appending), the second one does not rewrite.
  {
    int held = ::open((path + ".lock").c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(held >= 0);
    REQUIRE(::flock(held, LOCK_EX) == 0);
    auto b = OimJournal::open(path, kNow + 10);
    REQUIRE(b);
    CHECK_FALSE(b->contains("OLD"));
    CHECK(read_file(path).find(" OLD\n") != std::string::npos);
    ::close(held);
  }
  // The second one rewrites it (a rename): the first one's next id still reaches the file.
  auto b = OimJournal::open(path, kNow + 10);
  REQUIRE(b);
  CHECK(read_file(path) == "1800000000 A-1\n");
  REQUIRE(a->add({"A-2"}, kNow + 20));
  REQUIRE(b->add({"B-1"}, kNow + 30));
  CHECK(read_file(path) == "1800000000 A-1\n1800000020 A-2\n1800000030 B-1\n");
  auto c = OimJournal::open(path, kNow + 40);
  REQUIRE(c);
  CHECK(c->contains("A-2"));
  CHECK(c->contains("B-1"));
}
