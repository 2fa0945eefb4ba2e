// The JSON form of the App's events (app/EventJson) against the man page's EVENTS section:
// every alternative of AppEvent is serialized, and its name and members must be exactly the
// ones the man page documents, both ways. Scripts read these lines: nothing may drift.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "app/EventJson.hpp"

using namespace msntty;

namespace {

using Members = std::set<std::string>;

// The test runs from the repository root (make test); from elsewhere, the binary's location
// (build/rel/unit-tests) finds it.
std::string read_man_page() {
  namespace fs = std::filesystem;
  fs::path here = "man/msntty.1";
  if (!fs::exists(here))
    here = fs::read_symlink("/proc/self/exe").parent_path() / "../../man/msntty.1";
  std::ifstream in(here);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ".It Li NAME Brq a, b, c" lines of the EVENTS section: NAME -> {a, b, c}.
std::map<std::string, Members> documented_events(const std::string& man) {
  std::map<std::string, Members> out;
  std::istringstream in(man);
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.starts_with(".Sh ")) in_section = line == ".Sh EVENTS";
    if (!in_section || !line.starts_with(".It Li ")) continue;
    std::istringstream words(line.substr(7));
    std::string name, word;
    words >> name;
    Members& members = out[name];
    words >> word;  // Brq
    while (words >> word) {
      if (word.ends_with(",")) word.pop_back();
      members.insert(word);
    }
  }
  return out;
}

// The top-level keys of one flat JSON object as JsonObject writes it.
Members keys_of(const std::string& json, std::string& name) {
  Members keys;
  size_t depth = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != '"') continue;
    size_t end = i + 1;
    while (end < json.size() && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
    std::string text = json.substr(i + 1, end - i - 1);
    bool is_key = depth == 1 && end + 1 < json.size() && json[end + 1] == ':';
    if (is_key && text == "event") {
      size_t v = end + 3;  // past ":"
      name = json.substr(v, json.find('"', v) - v);
      end = json.find('"', v);
    } else if (is_key) {
      keys.insert(text);
    }
    i = end;
  }
  return keys;
}

// A sample of each event with every optional member present; most events have none.
template <class Event>
Event sample() {
  return Event{};
}
template <>
ev::Mail sample<ev::Mail>() {
  return ev::Mail{.unread = 3, .from = "Bob", .address = "bob@example.com", .subject = "hi"};
}
template <>
ev::Message sample<ev::Message>() {
  return ev::Message{.conversation = 1,
                     .from = "bob@example.com",
                     .nick = "Bob",
                     .text = "* Bob waves",
                     .time = 1796111812,
                     .offline = true,
                     .action = "waves",
                     .ignored = true,
                     .highlight = true};
}
template <>
ev::History sample<ev::History>() {
  return ev::History{.conversation = 1,
                     .time = 1796111812,
                     .from = "bob@example.com",
                     .nick = "Bob",
                     .text = "* Bob waves",
                     .own = true,
                     .offline = true,
                     .action = "waves"};
}
template <>
ev::Error sample<ev::Error>() {
  return ev::Error{
      .code = 911, .text = "911: authentication failed", .command = "USR", .conversation = 4};
}

struct Serialized {
  std::string name;
  Members members;
};

template <size_t... I>
std::vector<Serialized> serialize_every_event(std::index_sequence<I...>) {
  std::vector<Serialized> out;
  auto one = [&out](const AppEvent& e) {
    Serialized s;
    s.members = keys_of(to_json(e), s.name);
    out.push_back(std::move(s));
  };
  (one(sample<std::variant_alternative_t<I, AppEvent>>()), ...);
  return out;
}

}  // namespace

TEST_CASE("every event's JSON name and members are the man page's, both ways",
          "[app][events][docs]") {
  std::map<std::string, Members> documented = documented_events(read_man_page());
  REQUIRE(documented.size() > 20);  // the section was found and read
  auto all = serialize_every_event(std::make_index_sequence<std::variant_size_v<AppEvent>>{});
  std::set<std::string> names;
  for (const auto& s : all) {
    INFO("event " << s.name);
    CHECK(names.insert(s.name).second);  // one type per name
    REQUIRE(documented.count(s.name));
    CHECK(s.members == documented[s.name]);
  }
  // `lost` is written by the bounded writer of a slow reader (net/FdWriter), not an App event.
  names.insert("lost");
  for (const auto& [name, members] : documented) {
    INFO("documented event " << name);
    CHECK(names.count(name));
  }
}

TEST_CASE("event JSON: typed fields become the documented values", "[app][events]") {
  CHECK(to_json(ev::SignedIn{.account = "a@x", .nick = "A", .protocol = 12}) ==
        R"({"event":"signed_in","account":"a@x","nick":"A","protocol":"MSNP12"})");
  CHECK(to_json(ev::Presence{
            .contact = "b@x", .before = Status::Offline, .status = Status::Busy, .nick = "B"}) ==
        R"({"event":"presence","contact":"b@x","status":"busy","nick":"B","psm":""})");
  CHECK(
      to_json(ev::Contact{.contact = "b@x",
                          .nick = "B",
                          .lists = kForwardList | kReverseList,
                          .groups = {"Friends"}}) ==
      R"({"event":"contact","contact":"b@x","nick":"B","lists":["FL","RL"],"groups":["Friends"]})");
  CHECK(to_json(ev::Privacy{.block_others = true, .prompt = false}) ==
        R"({"event":"privacy","others":"block","prompt":"off"})");
  CHECK(to_json(ev::Sent{.conversation = 2, .id = 7, .text = "hi \"there\""}) ==
        R"({"event":"sent","conversation":2,"id":7,"text":"hi \"there\""})");
  CHECK(to_json(ev::Mail{.unread = 0}) == R"({"event":"mail","unread":0})");
  CHECK(to_json(ev::Message{.conversation = 3, .from = "b@x", .nick = "B", .text = "hi"}) ==
        R"({"event":"message","conversation":3,"from":"b@x","nick":"B","text":"hi"})");
  CHECK(to_json(ev::Message{.conversation = 3,
                            .from = "b@x",
                            .nick = "B",
                            .text = "hi",
                            .time = 1796111812,
                            .offline = true}) ==
        R"({"event":"message","conversation":3,"from":"b@x","nick":"B","text":"hi",)"
        R"("time":1796111812,"offline":true})");
  CHECK(to_json(ev::Error{.code = 0, .text = "bad"}) ==
        R"({"event":"error","code":0,"text":"bad"})");
  CHECK(result_json(true, "") == R"({"event":"result","ok":true})");
  CHECK(result_json(false, "no") == R"({"event":"result","ok":false,"error":"no"})");
}
