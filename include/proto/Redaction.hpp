#pragma once
// What may go into the debug log (-v, --debug FILE): the wire with its secrets taken out.
// Pure functions, no I/O, so the rules are unit-tested line by line. Redacted:
//   USR <trid> MD5 S <response>           the MD5 response (the password's digest)
//   USR <trid> TWN|SSO S <ticket...>      the Passport ticket (and the server's challenge)
//   USR <trid> <email> <cookie>           switchboard authentication (XFR's cookie)
//   ANS <trid> <email> <cookie> <id>      answering an invitation
//   ... CKI <cookie> ...                  XFR SB and RNG hand out switchboard cookies
//   t=...&p=...                           a Passport ticket anywhere else (also as t=...&amp;p=...)
//   <[x:]Password>, BinarySecret, BinarySecurityToken, TicketToken, CipherValue element text
//                                         SOAP credentials (the RST exchange, address book calls)
//   MSPAuth:, MSPProf:, Authorization:, Authentication-Info:, Cookie:, Set-Cookie:,
//   WWW-Authenticate: header values       Passport credentials and cookies, in MSG and HTTP
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

inline constexpr std::string_view kRedacted = "[redacted]";

// One line (an MSNP command, a payload line, or an HTTP line) without its line end.
std::string redact_wire_line(std::string_view line);

// Every occurrence of each non-empty secret (e.g. the password, also URL-encoded) masked.
std::string mask_secrets(std::string_view text, const std::vector<std::string>& secrets);

// One log line from any bytes: C0 controls, DEL, backslash, C1 and invalid UTF-8 as \xNN
// (backslash as \\), so a log line stays one line and is safe to print on a terminal.
std::string escape_log_text(std::string_view text);

}  // namespace msntty
