#pragma once
// What the interface (ui/) and the scripting interface (ctl/) may ask of the application, and
// nothing more: run command lines, read the model, move the focus, follow the event stream.
// App implements it. ui/ and ctl/ include this header instead of App.hpp, so none of the
// sessions, sockets or protocol headers behind App reach them.
#include <cstdint>
#include <string>
#include <string_view>

#include "app/CommandTable.hpp"
#include "app/EventBus.hpp"
#include "app/Settings.hpp"
#include "model/ContactList.hpp"
#include "model/Conversations.hpp"
#include "model/IgnoreList.hpp"
#include "util/TextMatcher.hpp"

namespace msntty {

namespace net {
class Reactor;
}
class InputHistoryFile;

// Whether a command line was accepted; for scripts, which get it back as a `result` line.
struct CommandResult {
  bool ok = true;
  std::string error;
};

class Client {
 public:
  virtual ~Client() = default;

  // --- commands: the one command language (a line without a slash is said to the focus)
  virtual void execute(std::string_view line, CommandSource source) = 0;
  // execute() that also says whether the command was accepted: the first error reported while
  // it runs becomes its result. Only synchronous errors count: a message that fails to deliver
  // later arrives as a `failed` event, not here.
  virtual CommandResult execute_for_result(std::string_view line, CommandSource source) = 0;
  // For an interface that adds its own commands (/win, /bind ...) before the config is read.
  virtual CommandTable& command_table() = 0;
  // An error the user caused (an `error` event with code 0), and a plain notice.
  virtual void report_error(const std::string& text) = 0;
  virtual void notice(const std::string& text) = 0;
  virtual void quit() = 0;

  // --- the model, read-only but for the read marks and the focus
  virtual Settings& settings() = 0;
  virtual const ContactList& contacts() const = 0;
  virtual const Conversations& conversations() const = 0;
  virtual void mark_read(uint64_t conversation) = 0;
  virtual const IgnoreList& ignores() const = 0;  // /ignore: who is not shown
  // What highlights a group-chat message (see Highlighter); valid until the next call.
  virtual const TextMatcher& highlights() = 0;
  // The focus: 0 (none) or an open conversation; see Conversations.
  virtual uint64_t focus() const = 0;
  virtual void set_focus(uint64_t conversation) = 0;
  // Text that must not be read as a command (a confirmed multi-line paste), and the typing
  // notice (rate-limited by the application).
  virtual void send_text(uint64_t conversation, const std::string& text) = 0;
  virtual void send_typing(uint64_t conversation) = 0;

  // --- the input history's file (app/InputHistoryFile), for Up and Down across restarts
  // The current account's file below $XDG_STATE_HOME/msntty; null without a state folder or an
  // account (the history is then kept for this run only).
  virtual InputHistoryFile* input_history_file() = 0;
  // Whether a command line can carry a secret and so must never be kept: one that names a
  // secret setting (/set password_command ..., an /alias that sets it), or that runs an alias
  // whose command does.
  virtual bool carries_secret(std::string_view line) const = 0;

  // --- the event stream, as every consumer sees it
  virtual EventBus& events() = 0;

  // The loop, as an opaque handle: for FrontendTimer and Spawner (app/), and for ctl/'s own
  // sockets. ui/ only passes it on.
  virtual net::Reactor& reactor() = 0;
};

}  // namespace msntty
