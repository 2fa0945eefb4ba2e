#pragma once
// The conversation commands: /msg /say /me /query /invite /nudge /close /resend.
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

void register_chat_commands(CommandTable& table, CommandServices& services);

}  // namespace msntty
