#pragma once
// What the notification server says about the contact list, presence and privacy, applied to the
// model (ContactList) and announced as typed events. The one owner of the privacy settings the
// server confirmed. No I/O: feed it ns:: events, read the model and the events it emitted.
#include <set>
#include <string>

#include "app/EventBus.hpp"
#include "model/ContactList.hpp"
#include "proto/NsEvent.hpp"

namespace msntty {

class ContactSync {
 public:
  ContactSync(ContactList& contacts, EventBus& events);

  // Applies `e` when it is about the lists, groups, presence or privacy; false for the others
  // (sign-in, errors, switchboards, mail ...), which are the App's.
  bool apply(const ns::Event& e);

  ev::Contact contact_event(const Contact& c) const;  // a `contact` event for this entry
  ev::Privacy privacy() const;                        // as the server last confirmed it

  // Signed in again: the statuses held are from before the loss. Those the server confirms
  // (ILN) until end_resync() stay; the others went offline meanwhile, quietly.
  void begin_resync();
  void end_resync();

 private:
  void on_listed(const Contact& listed);
  void on_presence(const ns::Presence& p);
  void on_personal_message(const ns::PersonalMessage& p);
  void on_privacy(const ns::PrivacySettings& p);
  void on_reverse_list(const ns::ReverseList& r);
  void on_list_added(const ns::ListAdded& a);
  void say_lists_changed(const Contact& c, unsigned lists, bool added);
  void on_list_removed(const ns::ListRemoved& r);
  void on_group_changed(const Group& g);  // created or renamed
  void on_group_removed(const ns::GroupRemoved& g);
  Contact* contact_by_id(const std::string& email_or_guid);
  void emit_presence(const Contact& c, Status before, bool initial = false);

  ContactList& m_contacts;
  EventBus& m_events;
  std::set<std::string> m_unconfirmed;  // between begin_resync() and end_resync()
  std::string m_blp, m_gtc;  // BLP and GTC as the server last sent them; empty until then
};

}  // namespace msntty
