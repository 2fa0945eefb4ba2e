#pragma once
// MSNP numeric errors (doc/protocol/errors.md).
#include <string_view>

namespace msntty {

// Human-readable text for every code in doc/protocol/errors.md; "unknown error" otherwise.
std::string_view error_text(int code);
// True when this error answering a login step (VER/CVR/INF/USR) means the login cannot go on:
// every 9xx, 5xx and 6xx, plus 420 (invitation required), 540 (challenge failed),
// 710 and 731 (CVR rejected).
bool error_is_fatal_at_login(int code);
// True for "busy / unavailable / try later" errors that deserve a retry with back-off.
bool error_is_retryable(int code);

}  // namespace msntty
