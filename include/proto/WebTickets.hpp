#pragma once
// The tickets one login produced, per web service. MSNP8-14 (Passport 1.4) give one ticket that
// serves everything; MSNP15+ (SSO) ask the RST service for one per service address and keep
// each (doc/protocol/ns-sso.md). They are credentials: never logged, never put in an error text.
#include <string>

namespace msntty {

struct WebTickets {
  std::string login;        // given to USR ... S (messengerclear.live.com, or the TWN ticket)
  std::string contacts;     // address book and sharing services (contacts.msn.com)
  std::string oim_receive;  // reading offline messages (messenger.msn.com)
  std::string oim_send;     // sending offline messages (messengersecure.live.com)
  std::string storage;      // storage service (storage.msn.com)

  // Passport 1.4: the one ticket for every service.
  static WebTickets single(const std::string& ticket) {
    return {ticket, ticket, ticket, ticket, ticket};
  }
};

}  // namespace msntty
