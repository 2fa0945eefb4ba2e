#include "app/InterfaceCommands.hpp"

namespace msntty {
namespace {

Choice plain(std::string word) {
  return {std::move(word), {}};
}

CommandSpec window_command() {
  return {.name = "win",
          .params = {[] {
            Param p = Param::word("N", {"next", "prev", "active", "status"}).listed().optional();
            p.number_too = true;
            return p;
          }()},
          .flags = {.interface_only = true, .scriptable = false},
          .summary = "switch windows",
          .help =
              "Switches to window N (1 is the status window), the next or previous one, or the "
              "one with the most activity (messages to you first). Without an argument lists "
              "the windows. The status bar lists them as N:name, the current one in brackets; "
              "when they do not all fit, the quiet ones are left out and counted (+N), and the "
              "current window and those with news keep their names. With /set mouse on, a "
              "click on a window's label switches to it and the wheel scrolls the window.",
          .examples = {"/win 2", "/win active"}};
}

CommandSpec lastlog_command() {
  Param count = Param::choice("COUNT", {{"-count", {Param::number("N", 1, 100000)}}}).if_listed();
  return {.name = "lastlog",
          .params = {Param::flag_word("-case"), Param::flag_word("-regex"), count,
                     Param::text("PATTERN").optional()},
          .flags = {.interface_only = true, .scriptable = false},
          .summary = "show the window's lines that match",
          .help =
              "Copies the lines of the current window's scrollback that contain PATTERN "
              "(ignoring case; -case minds it) into the window, with their times, between "
              "a \"lastlog\" line and an \"end of lastlog\" line, the matches highlighted. "
              "-regex: PATTERN is an extended regular expression. -count N: only the newest "
              "N (1000 at most otherwise). No PATTERN: every line. Lines shown by an earlier "
              "/lastlog are not searched again. The options may come in any order; -- ends "
              "them. Ctrl-R searches the scrollback as you type; /search searches the logs.",
          .examples = {"/lastlog bob", "/lastlog -count 5 -regex ^http"},
          .topic = "logs"};
}

CommandSpec url_command() {
  return {.name = "url",
          .params = {Param::choice("VERB", {plain("list"), {"open", {Param::word("N").optional()}}})
                         .optional()},
          .flags = {.interface_only = true, .scriptable = false},
          .summary = "list or open the window's URLs",
          .help =
              "Lists the URLs of the current window's scrollback (http://, https://, ftp://, "
              "mailto: and www.), newest first and numbered, each once, the last 50 at most. "
              "open N runs the url_command setting (xdg-open by default) on URL N of that list "
              "(1, the newest, without N), the URL as one argument of its own, without a shell. "
              "A URL never breaks at the wrap: one too long for a row starts a row of its own "
              "at its first column, so the terminal can find it.",
          .examples = {"/url", "/url open", "/url open 3"}};
}

// irssi's /window verbs, on top of /win.
CommandSpec window_verbs() {
  Param to = Param::word("TO", {"left", "right", "first", "last"});
  to.number_too = true;
  return {.name = "window",
          .params = {Param::choice("VERB", {plain("list"),
                                            {"goto", {Param::text("WINDOW")}},
                                            {"move", {to}},
                                            {"close", {Param::number("N", 1, 1000000).optional()}},
                                            plain("next"),
                                            plain("prev")})},
          .flags = {.interface_only = true, .scriptable = false},
          .summary = "list, go to, move or close windows",
          .help =
              "list: the windows, numbered. goto WINDOW: the window with that number, or "
              "whose name or contact begins with WINDOW (active: the one with the most "
              "activity). move TO: moves the current window to position TO (a number, left, "
              "right, first, last; the status window stays 1), renumbering the others. "
              "close [N]: leaves the conversation of the current window (or of window N) and "
              "closes it. next, prev: as /win.",
          .examples = {"/window goto bob", "/window move 2", "/window close"}};
}

std::vector<Param> key_params(bool with_command) {
  Param context = Param::word("CONTEXT", {"-contacts"}).listed().if_listed();
  std::vector<Param> out = {context, Param::of(ParamKind::Key, "KEY")};
  if (with_command) {
    out[1] = Param::of(ParamKind::Key, "KEY").optional();
    out.push_back(Param::text("COMMAND").optional());
  }
  return out;
}

}  // namespace

void declare_interface_commands(CommandTable& table) {
  table.set_topic("interface");
  table.add(window_command());
  table.add(window_verbs());
  table.add({.name = "clear",
             .params = {Param::word("ALL", {"-all"}).listed().if_listed()},
             .flags = {.interface_only = true, .scriptable = false},
             .summary = "clear the window",
             .help = "Empties the current window's scrollback (-all: every window's). The "
                     "conversation and its log are untouched; /history reads the log back."});
  table.add({.name = "suspend",
             .flags = {.interface_only = true, .scriptable = false},
             .summary = "suspend to the shell (Ctrl-Z)",
             .help = "Gives the terminal back and stops msntty like a shell's Ctrl-Z (SIGTSTP); "
                     "fg resumes it with a full redraw. The server may drop a connection that "
                     "stayed stopped too long: it is checked at once on resuming and signed in "
                     "again if need be."});
  table.add({.name = "bind",
             .params = key_params(true),
             .flags = {.interface_only = true, .persisted = true},
             .summary = "show or change key bindings",
             .help = "Without arguments lists every binding; with a KEY shows it; with a COMMAND "
                     "binds KEY to it (any command line). -contacts applies to the contact pane. "
                     "/save writes the bindings that differ from the defaults.",
             .examples = {"/bind M-n /nudge", "/bind -contacts C-o /pane open"}});
  table.add({.name = "unbind",
             .params = key_params(false),
             .flags = {.interface_only = true},
             .summary = "remove a key binding",
             .help = "Makes KEY do nothing (text keys still type themselves).",
             .examples = {"/unbind C-t"}});
  table.add(
      {.name = "input",
       .params = {Param::word("ACTION", {"enter",         "backspace",       "delete",
                                         "left",          "right",           "home",
                                         "end",           "word-left",       "word-right",
                                         "kill-word",     "kill-alnum-word", "kill-word-forward",
                                         "kill-to-start", "kill-to-end",     "yank",
                                         "transpose",     "history-up",      "history-down",
                                         "complete",      "complete-back",   "escape",
                                         "clear",         "search"})},
       .flags = {.interface_only = true, .scriptable = false},
       .summary = "edit the input line",
       .help = "Line editing, for key bindings: ACTION is one of the words below. complete "
               "(Tab) completes the word before the cursor, again cycles through the matches: "
               "commands, their first argument, contacts; in a message a person's nickname "
               "(matched by nickname or e-mail; the conversation's people first, then who wrote "
               "last), with \"nick: \" as the first word. search (Ctrl-R) searches the window's "
               "scrollback backwards as you type, the match highlighted and scrolled into view: "
               "Ctrl-R again finds the one before, Backspace narrows less, Enter stays there, "
               "Esc goes back to the newest lines; any other key leaves the search and does what "
               "it does. history-up (Up) recalls the lines typed in this window first, then "
               "those of the other windows, newest first; the history outlives /close and "
               "restarts (setting input_history_size, file in msntty(1) FILES); a line naming "
               "password_command is never kept.",
       .examples = {"/bind C-j /input enter"}});
  Param rows = Param::number("N", 1, 1000000).optional();
  table.add({.name = "scroll",
             .params = {Param::choice("WHERE", {plain("page-up"),
                                                plain("page-down"),
                                                {"up", {rows}},
                                                {"down", {rows}},
                                                plain("top"),
                                                plain("bottom")})},
             .flags = {.interface_only = true, .scriptable = false},
             .summary = "scroll the window",
             .help = "Scrolls the current window's history; new lines do not move the text while "
                     "you read."});
  table.add({.name = "pane",
             .params = {Param::word("WHAT", {"focus", "unfocus", "toggle", "show", "hide", "wider",
                                             "narrower", "up", "down", "page-up", "page-down",
                                             "first", "last", "open"})
                            .listed()},
             .flags = {.interface_only = true, .scriptable = false},
             .summary = "the contact pane",
             .help =
                 "Moves the focus to the contact pane (Up/Down choose, Enter opens a "
                 "conversation, Esc returns), shows or hides it, or changes its width "
                 "(settings contacts_pane and contacts_width). With /set mouse on, a click on a "
                 "contact opens a conversation and the wheel moves through the list."});
  table.add(lastlog_command());
  table.add(url_command());
  table.add({.name = "redraw",
             .flags = {.interface_only = true, .scriptable = false},
             .summary = "repaint the screen",
             .help = "Repaints the whole screen (Ctrl-L)."});
}

}  // namespace msntty
