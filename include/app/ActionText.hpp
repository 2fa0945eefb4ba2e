#pragma once
// /me on a network with no action messages. MSN has none, so an action goes out as the plain
// text "* NICK TEXT", which every client shows sensibly ("Alice says: * Alice waves"). A message
// is read back as an action when it is "* " followed by the sender's display name or e-mail and
// a space, or "/me TEXT" (what Pidgin and other multi-network clients send); anything else that
// starts with "*" stays a plain message.
#include <optional>
#include <string>
#include <string_view>

namespace msntty {

// The text to send for `/me body` by someone whose display name is `nick`.
std::string action_wire_text(std::string_view nick, std::string_view body);

// The action's body ("waves") when `text` from `nick` <`email`> is an action; nullopt otherwise.
std::optional<std::string> action_body(std::string_view text, std::string_view nick,
                                       std::string_view email);

}  // namespace msntty
