#include "app/EventJson.hpp"

#include "model/Contact.hpp"
#include "util/Json.hpp"

namespace msntty {
namespace {

JsonObject start(std::string_view name) {
  JsonObject o;
  o.add("event", name);
  return o;
}

// One function per event type: overload resolution picks it, and a type without one does not
// compile.
JsonObject json(const ev::Connecting& e) {
  return start("connecting").add("server", e.server);
}
JsonObject json(const ev::SignedIn& e) {
  return start("signed_in")
      .add("account", e.account)
      .add("nick", e.nick)
      .add("protocol", "MSNP" + std::to_string(e.protocol));
}
JsonObject json(const ev::SignedOut& e) {
  return start("signed_out").add("reason", e.reason).add("text", e.text);
}
JsonObject json(const ev::Disconnected& e) {
  return start("disconnected")
      .add("reason", e.reason)
      .add("text", e.text)
      .add("final", e.final)
      .add("retry_in", e.retry_in);
}
JsonObject json(const ev::Reconnecting& e) {
  return start("reconnecting").add("attempt", e.attempt);
}
JsonObject json(const ev::OwnStatus& e) {
  return start("status").add("status", status_name(e.status));
}
JsonObject json(const ev::OwnNick& e) {
  return start("nick").add("nick", e.nick);
}
JsonObject json(const ev::OwnPsm& e) {
  return start("psm").add("psm", e.psm);
}
JsonObject json(const ev::Places& e) {
  std::string list = "[";
  for (const auto& p : e.places) {
    if (list.size() > 1) list += ",";
    JsonObject o;
    o.add("guid", p.guid).add("name", p.name).add("status", p.status).add("this", p.this_place);
    list += o.str();
  }
  return start("places").add_raw("places", list + "]");
}
JsonObject json(const ev::Contact& e) {
  return start("contact")
      .add("contact", e.contact)
      .add("nick", e.nick)
      .add("lists", list_names(e.lists))
      .add("groups", e.groups);
}
JsonObject json(const ev::ContactRemoved& e) {
  return start("contact_removed").add("contact", e.contact);
}
JsonObject json(const ev::Presence& e) {  // `before` is for the UI: scripts were never told it
  return start("presence")
      .add("contact", e.contact)
      .add("status", status_name(e.status))
      .add("nick", e.nick)
      .add("psm", e.psm);
}
JsonObject json(const ev::Group& e) {
  return start("group").add("id", e.id).add("name", e.name);
}
JsonObject json(const ev::GroupRemoved& e) {
  return start("group_removed").add("id", e.id).add("name", e.name);
}
JsonObject json(const ev::Pending& e) {
  return start("pending").add("contact", e.contact).add("nick", e.nick);
}
JsonObject json(const ev::AddedYou& e) {
  return start("added_you").add("contact", e.contact).add("nick", e.nick);
}
JsonObject json(const ev::RemovedYou& e) {
  return start("removed_you").add("contact", e.contact).add("nick", e.nick);
}
JsonObject json(const ev::Privacy& e) {
  return start("privacy")
      .add("others", e.block_others ? "block" : "allow")
      .add("prompt", e.prompt ? "on" : "off");
}
JsonObject json(const ev::Mail& e) {
  JsonObject o = start("mail");
  if (e.unread) o.add("unread", *e.unread);
  if (!e.from.empty()) o.add("from", e.from);
  if (!e.address.empty()) o.add("address", e.address);
  if (!e.subject.empty()) o.add("subject", e.subject);
  return o;
}
JsonObject json(const ev::ConversationOpened& e) {
  return start("conversation_opened")
      .add("conversation", e.conversation)
      .add("participants", e.participants);
}
JsonObject json(const ev::ConversationClosed& e) {
  return start("conversation_closed").add("conversation", e.conversation);
}
JsonObject json(const ev::Joined& e) {
  return start("joined")
      .add("conversation", e.conversation)
      .add("contact", e.contact)
      .add("nick", e.nick);
}
JsonObject json(const ev::Left& e) {
  return start("left").add("conversation", e.conversation).add("contact", e.contact);
}
JsonObject json(const ev::Message& e) {
  JsonObject o = start("message")
                     .add("conversation", e.conversation)
                     .add("from", e.from)
                     .add("nick", e.nick)
                     .add("text", e.text);
  if (e.time) o.add("time", e.time);
  if (e.offline) o.add("offline", true);
  if (!e.action.empty()) o.add("action", e.action);
  if (e.ignored) o.add("ignored", true);
  if (e.highlight) o.add("highlight", true);
  return o;
}
JsonObject json(const ev::Typing& e) {
  return start("typing").add("conversation", e.conversation).add("contact", e.contact);
}
JsonObject json(const ev::Nudge& e) {
  return start("nudge").add("conversation", e.conversation).add("contact", e.contact);
}
JsonObject json(const ev::Unsupported& e) {
  return start("unsupported")
      .add("conversation", e.conversation)
      .add("contact", e.contact)
      .add("what", e.what);
}
JsonObject json(const ev::Sent& e) {
  return start("sent").add("conversation", e.conversation).add("id", e.id).add("text", e.text);
}
JsonObject json(const ev::Delivered& e) {
  return start("delivered").add("conversation", e.conversation).add("id", e.id);
}
JsonObject json(const ev::Failed& e) {
  return start("failed")
      .add("conversation", e.conversation)
      .add("id", e.id)
      .add("reason", e.reason);
}
JsonObject json(const ev::Stored& e) {
  return start("stored").add("conversation", e.conversation).add("id", e.id);
}
JsonObject json(const ev::History& e) {
  JsonObject o = start("history")
                     .add("conversation", e.conversation)
                     .add("time", e.time)
                     .add("from", e.from)
                     .add("nick", e.nick)
                     .add("text", e.text);
  if (e.own) o.add("own", true);
  if (e.offline) o.add("offline", true);
  if (!e.action.empty()) o.add("action", e.action);
  return o;
}
JsonObject json(const ev::SearchResult& e) {
  return start("search_result").add("file", e.file).add("line", e.line);
}
JsonObject json(const ev::Notice& e) {
  return start("notice").add("text", e.text);
}
JsonObject json(const ev::Error& e) {
  JsonObject o = start("error");
  o.add("code", e.code).add("text", e.text);
  if (!e.command.empty()) o.add("command", e.command);
  if (e.conversation) o.add("conversation", *e.conversation);
  return o;
}

}  // namespace

std::string to_json(const AppEvent& event) {
  return std::visit([](const auto& e) { return json(e).str(); }, event);
}

std::string result_json(bool ok, const std::string& error) {
  JsonObject o = start("result");
  o.add("ok", ok);
  if (!ok) o.add("error", error);
  return o.str();
}

}  // namespace msntty
