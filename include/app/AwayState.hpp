#pragma once
// /away and /back: what the user was before /away (status, personal message), so that /back
// puts it back, and the auto-reply: while away with a reply, each person who writes gets the
// away message once ("auto-reply: MESSAGE"), never an ignored one, never a reply to a reply.
// Whether MESSAGE goes into the personal message, the auto-reply or both is the `away_message`
// setting, or /away's -psm, -reply, -both. No I/O: AwayCommands drives the session.
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "model/Status.hpp"

namespace msntty {

class AwayState {
 public:
  struct Before {
    Status status = Status::Online;
    std::optional<std::string> psm;  // set only when /away replaced it
  };
  static constexpr std::string_view k_reply_prefix = "auto-reply: ";

  bool away() const { return m_before.has_value(); }
  const std::string& message() const { return m_message; }
  bool replying() const { return away() && m_reply && !m_message.empty(); }

  // A second /away keeps what was there before the first one.
  void go_away(Before before, std::string message, bool reply);
  // What /back restores; nullopt when not away.
  std::optional<Before> come_back();
  // The text to answer `email`'s `text` with: once per person per /away, not to an auto-reply.
  std::optional<std::string> reply_to(std::string_view email, std::string_view text);

 private:
  std::optional<Before> m_before;
  std::string m_message;
  bool m_reply = false;
  std::set<std::string> m_replied;  // lower-case e-mails
};

}  // namespace msntty
