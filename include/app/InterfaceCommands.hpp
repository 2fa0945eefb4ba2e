#pragma once
// The interface's commands (/win, /bind, /pane ...), declared here in app/ with their parameters
// and help but no handler: a headless run then knows them (it lists them in /help and skips them
// in the config without a warning), and the interface gives them handlers with
// CommandTable::set_handler. Their word lists live here and nowhere else.
#include "app/CommandTable.hpp"

namespace msntty {

void declare_interface_commands(CommandTable& table);

}  // namespace msntty
