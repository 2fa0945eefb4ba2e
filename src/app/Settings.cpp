#include "app/Settings.hpp"

#include <algorithm>
#include <cctype>

#include "app/LineFormat.hpp"
#include "model/Status.hpp"
#include "util/Strings.hpp"

namespace msntty {

const std::vector<SettingSpec>& Settings::specs() {
  static const std::vector<SettingSpec> table = {
      {"account", "", "string", "the account (e-mail address) to sign in with"},
      {"server", "msnmsgr.escargot.chat:1863", "string",
       "notification server HOST[:PORT] (the Escargot revival service by default)"},
      {"web_base", "https://msnmsgr.escargot.chat", "string",
       "base URL every web service URL below derives from unless set on its own"},
      {"nexus", "", "string",
       "Passport 1.4 nexus URL used by MSNP8-14 logins (empty: web_base/rdr/pprdr.asp)"},
      {"rst_url", "", "string",
       "SSO token service (RST) used by MSNP15 and later logins (empty: web_base/RST.srf)"},
      {"abservice_url", "", "string",
       "address book service, MSNP13+ (empty: web_base/abservice/abservice.asmx)"},
      {"sharing_url", "", "string",
       "sharing (membership) service, MSNP13+ (empty: web_base/abservice/SharingService.asmx)"},
      {"storage_url", "", "string",
       "storage service (empty: web_base/storageservice/SchematizedStore.asmx)"},
      {"oim_rsi_url", "", "string", "offline messages, reading (empty: web_base/rsi/rsi.asmx)"},
      {"oim_store_url", "", "string", "offline messages, sending (empty: web_base/OimWS/oim.asmx)"},
      {"ca_file", "", "string",
       "extra PEM file of trusted certificates (for self-signed test servers); the system store "
       "is always used"},
      {"protocols",
       "MSNP18,MSNP17,MSNP16,MSNP15,MSNP14,MSNP13,MSNP12,MSNP11,MSNP10,MSNP9,MSNP8,MSNP7,MSNP6,"
       "MSNP5,MSNP4,MSNP3,MSNP2",
       "protocols", "protocol versions to offer, e.g. MSNP18,MSNP12 or 8-15"},
      {"machine_guid", "", "guid",
       "this installation's GUID among the account's places (MSNP16+); empty: one generated "
       "once and kept in $XDG_STATE_HOME/msntty/machine-guid"},
      {"place_name", "", "string",
       "this place's name in other places' location lists (MSNP16+); empty: msntty@HOSTNAME"},
      {"password_command", "", "string",
       "command whose first output line is the password (run with /bin/sh -c at sign-in)", true},
      {"status", "online", "status", "status to take at sign-in"},
      {"connect_timeout", "20", "int:1:600", "seconds to wait for a TCP or TLS connection"},
      {"login_timeout", "60", "int:5:600", "seconds to wait for sign-in to complete"},
      {"ping_interval", "45", "int:5:3600",
       "seconds between keepalive PNGs (a server's QNG interval takes precedence)"},
      {"ping_timeout", "30", "int:1:600",
       "seconds without an answer to PNG before the connection is declared dead"},
      {"reconnect", "on", "bool",
       "sign in again by itself when the connection is lost (off: exit with status 69)"},
      {"reconnect_max", "300", "int:1:3600",
       "the longest wait, in seconds, between attempts to sign in again"},
      {"offline_queue_timeout", "600", "int:1:86400",
       "seconds a message typed while not signed in waits before it is marked failed"},
      {"offline_messages", "on", "bool",
       "offline messages (MSNP11+): fetch the ones waiting at sign-in, and store what you write "
       "to an offline contact for later (off: they stay on the server; such a message fails)"},
      {"join_timeout", "30", "int:5:600",
       "seconds to wait for a contact to join a new conversation before its messages fail"},
      {"scrollback_lines", "2000", "int:100:1000000", "lines kept per conversation window"},
      {"auto_away", "10", "int:0:1440",
       "minutes without a key press before the status becomes auto_away_status (0: never); "
       "the status is restored on the next key press"},
      {"auto_away_status", "away", "status", "the status auto-away sets"},
      {"away_message", "psm", "one of:psm,reply,both",
       "where /away's MESSAGE goes: your personal message, an auto-reply sent once to each "
       "person who writes, or both (/away -psm, -reply, -both choose for one /away)"},
      {"log", "on", "bool",
       "write conversations to $XDG_DATA_HOME/msntty/logs/ACCOUNT/CONTACT.log"},
      {"history_lines", "10", "int:0:1000", "logged messages replayed when a conversation opens"},
      {"input_history_size", "1000", "int:0:100000",
       "lines typed kept for Up/Down, across restarts too (0: none, and no file)"},
      {"font", "Arial", "string", "font name sent with your messages (X-MMS-IM-Format FN)"},
      {"font_effects", "", "string", "effects sent with your messages: any of B I U S"},
      {"font_color", "#000000", "string", "colour sent with your messages, #RRGGBB"},
      // --- interface (ui/): begin
      {"contacts_pane", "on", "bool", "show the contact pane (F3 toggles it)"},
      {"mouse", "off", "bool",
       "mouse: a click on a window in the status bar or on a contact opens it, the wheel "
       "scrolls; off keeps the terminal's own selection (with it on, hold Shift to select)"},
      {"contacts_width", "24", "int:10:60", "width of the contact pane in columns"},
      {"timestamp_format", "%H:%M", "string",
       "strftime() format of the times shown in windows; empty hides them"},
      {"bell", "on", "bool",
       "ring the terminal bell when a message arrives in a window you are not looking at"},
      {"highlight_words", "", "string",
       "words that make a group-chat message a highlight, separated by commas (your nickname "
       "and the part of your address before the @ always do), whole words, any case: the word "
       "is shown highlighted, the window gets the highest activity (!), and the bell and "
       "notify_command go off as for a private message"},
      {"notify_command", "", "string",
       "program run on such a message with the sender and the text as two arguments (split "
       "into words, no shell), e.g. notify-send"},
      {"url_command", "xdg-open", "string",
       "program /url open runs with the URL as its last argument (split into words, no shell)"},
      {"format_message", "$time <$nick> $text", "format:time,nick,text",
       "how a message line looks: $time, $nick (up to 20 columns), then $text; styles such as "
       "{bold} {red} {on-blue} {/} (see THEMES)"},
      {"format_action", "$time * {indent}$nick $text", "format:time,nick,text",
       "how an action (/me) looks: $time, $nick, then $text, what follows the name"},
      {"format_notice", "$time -!- $text", "format:time,text",
       "how a notice or error line looks (status window, command answers)"},
      {"format_status",
       "{bar} $symbol {current}$nick ($status) $psm{/} {alert}$connection{/} {current}$mode{/} "
       "$windows",
       "format:symbol,status,nick,psm,connection,mode,windows",
       "how the status bar looks: $symbol and $status (your status, as a symbol and in words), "
       "$nick, $psm (your personal message in quotes), $connection "
       "(\"[...]\" while not signed in), $mode (\"[contacts]\"), $windows (the window list)"},
      // --- interface (ui/): end
  };
  return table;
}

bool Settings::names_secret(std::string_view text) {
  std::string lower = to_lower(text);
  for (const SettingSpec& s : specs())
    if (s.secret && lower.find(s.name) != std::string::npos) return true;
  return false;
}

const SettingSpec* Settings::spec(std::string_view name) {
  for (const auto& s : specs())
    if (s.name == name) return &s;
  return nullptr;
}

Settings::Settings() {
  for (const auto& s : specs()) m_values.emplace(std::string(s.name), std::string(s.default_value));
}

const std::string& Settings::get(std::string_view name) const {
  static const std::string empty;
  auto it = m_values.find(name);
  return it == m_values.end() ? empty : it->second;
}

int Settings::get_int(std::string_view name) const {
  return static_cast<int>(parse_i64(get(name)).value_or(0));
}

bool Settings::get_bool(std::string_view name) const {
  return get(name) == "on";
}

std::optional<std::vector<int>> parse_protocols(std::string_view text) {
  std::vector<int> out;
  auto number = [](std::string_view t) -> std::optional<int> {
    if (starts_with_icase(t, "MSNP")) t.remove_prefix(4);
    auto v = parse_u32(t);
    if (!v || *v < 2 || *v > 18) return std::nullopt;
    return static_cast<int>(*v);
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    size_t dash = item.find('-');
    auto lo = number(item.substr(0, dash));
    auto hi = dash == std::string_view::npos ? lo : number(item.substr(dash + 1));
    if (!lo || !hi) return std::nullopt;
    for (int v = std::min(*lo, *hi); v <= std::max(*lo, *hi); ++v) out.push_back(v);
  }
  if (out.empty()) return std::nullopt;
  std::sort(out.begin(), out.end(), std::greater<>());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::string> normalize_guid(std::string_view text) {
  std::string_view g = text;
  if (g.size() == 38 && g.front() == '{' && g.back() == '}') g = g.substr(1, 36);
  if (g.size() != 36) return std::nullopt;
  for (size_t i = 0; i < g.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? g[i] != '-' : !std::isxdigit(static_cast<unsigned char>(g[i]))) return std::nullopt;
  }
  std::string out = "{";
  for (char c : g) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out + "}";
}

std::optional<std::string> Settings::set(std::string_view name, std::string_view value) {
  const SettingSpec* s = spec(name);
  if (!s) return "unknown setting \"" + std::string(name) + "\"";
  std::string v(value);
  std::string_view kind = s->kind;
  if (kind == "bool") {
    if (v == "true" || v == "yes" || v == "1") v = "on";
    if (v == "false" || v == "no" || v == "0") v = "off";
    if (v != "on" && v != "off") return std::string(name) + " takes on or off";
  } else if (kind.starts_with("int:")) {
    size_t c2 = kind.find(':', 4);
    int lo = static_cast<int>(*parse_i64(kind.substr(4, c2 - 4)));
    int hi = static_cast<int>(*parse_i64(kind.substr(c2 + 1)));
    auto n = parse_i64(v);
    if (!n || *n < lo || *n > hi)
      return std::string(name) + " takes a whole number from " + std::to_string(lo) + " to " +
             std::to_string(hi);
  } else if (kind == "status") {
    auto st = status_from_name(v);
    if (!st || *st == Status::Offline) return std::string(name) + " takes a status name";
    v = status_name(*st);
  } else if (kind == "guid") {
    if (!v.empty() && !normalize_guid(v))
      return std::string(name) + " takes a GUID, {8-4-4-4-12 hex digits}";
    if (!v.empty()) v = *normalize_guid(v);
  } else if (kind.starts_with("format:")) {
    std::vector<std::string_view> fields;
    for (std::string_view rest = kind.substr(7); !rest.empty();) {
      std::size_t comma = std::min(rest.find(','), rest.size());
      fields.push_back(rest.substr(0, comma));
      rest.remove_prefix(std::min(comma + 1, rest.size()));
    }
    bool has_text = std::find(fields.begin(), fields.end(), "text") != fields.end();
    std::string error;
    if (!LineFormat::parse(v, fields, has_text, error)) return std::string(name) + ": " + error;
  } else if (kind.starts_with("one of:")) {
    std::string_view words = kind.substr(7);
    bool found = false;
    for (size_t start = 0; start <= words.size() && !found;) {
      size_t comma = std::min(words.find(',', start), words.size());
      found = words.substr(start, comma - start) == v;
      start = comma + 1;
    }
    if (!found) return std::string(name) + " takes one of " + std::string(words);
  } else if (kind == "protocols") {
    if (!parse_protocols(v)) return std::string(name) + " takes versions from MSNP2 to MSNP18";
  }
  m_values[std::string(name)] = std::move(v);
  return std::nullopt;
}

std::vector<std::string> Settings::names() const {
  std::vector<std::string> out;
  for (const auto& s : specs()) out.emplace_back(s.name);
  return out;
}

}  // namespace msntty
