#include "proto/ErrorText.hpp"

#include <algorithm>
#include <iterator>

namespace msntty {

namespace {

struct Entry {
  int code;
  std::string_view text;
};

// doc/protocol/errors.md, sorted by code (binary search). Texts are for users, not for the log.
constexpr Entry kErrors[] = {
    {200, "syntax error"},
    {201, "invalid parameter"},
    {203, "invalid federated user"},
    {204, "unroutable user or invalid network"},
    {205, "account does not exist"},
    {206, "domain name missing"},
    {207, "already logged in"},
    {208, "invalid user name"},
    {209, "invalid or forbidden friendly name"},
    {210, "list is full"},
    {212, "unexpected error"},
    {213, "user does not exist"},
    {215, "already there (already on the list or in the conversation)"},
    {216, "not on the list"},
    {217, "user is offline or not accepting messages"},
    {218, "already in that mode"},
    {219, "already in the opposite list (allow vs block)"},
    {220, "not accepting pages"},
    {223, "too many groups"},
    {224, "invalid group"},
    {225, "user not in group"},
    {227, "group is not empty"},
    {228, "group already exists"},
    {229, "group name too long"},
    {230, "cannot remove group 0"},
    {231, "group does not exist"},
    {232, "invalid mobile number"},
    {233, "unknown mobile number"},
    {234, "unknown mobile domain"},
    {240, "invalid XML"},
    {241, "invalid XML data"},
    {280, "switchboard failed"},
    {281, "transfer to switchboard failed"},
    {282, "bad P2P message"},
    {300, "required fields missing"},
    {301, "too many search results"},
    {302, "not logged in"},
    {400, "address book is read-only"},
    {402, "error accessing contact list"},
    {403, "error accessing contact list"},
    {413, "subscription needed"},
    {414, "subscription disabled"},
    {415, "market disabled"},
    {416, "try again later"},
    {417, "try again later"},
    {418, "no market"},
    {419, "no market"},
    {420, "invalid account permissions or invitation required"},
    {500, "internal server error"},
    {501, "database server error"},
    {502, "command disabled"},
    {503, "server failure"},
    {504, "UPS unavailable"},
    {505, "SCS unavailable"},
    {508, "federated server error"},
    {509, "UUM error"},
    {510, "file operation failed"},
    {511, "passport platform error"},
    {520, "server out of memory"},
    {540, "challenge response failed"},
    {600, "server is busy"},
    {601, "server is unavailable"},
    {602, "peer notification server is down"},
    {603, "database connection failed"},
    {604, "server is going down"},
    {605, "server unavailable"},
    {606, "paging unavailable"},
    {707, "could not create connection"},
    {710, "bad client version parameters or invalid locale"},
    {711, "blocking write failed"},
    {712, "session overload"},
    {713, "too active: slow down"},
    {714, "too many sessions"},
    {715, "command not expected now"},
    {717, "bad friend file"},
    {718, "restricted user"},
    {719, "federated session error"},
    {726, "user is federated"},
    {729, "server busy"},
    {731, "client version not expected"},
    {800, "changing too rapidly: slow down"},
    {910, "server too busy"},
    {911, "authentication failed"},
    {912, "server too busy"},
    {913, "not allowed while appearing offline"},
    {914, "server unavailable"},
    {915, "server unavailable"},
    {916, "server unavailable"},
    {917, "authentication failed or invalid domain"},
    {918, "server busy"},
    {919, "server internal error"},
    {920, "not accepting new users"},
    {921, "server too busy"},
    {922, "server too busy"},
    {923, "Kids Passport without parental consent"},
    {924, "Passport account not yet verified"},
    {926, "managed user: invalid client version"},
    {927, "access blocked by parent"},
    {928, "bad ticket or invalid password"},
    {929, "challenge failed"},
    {930, "enterprise (federated) domain"},
    {931, "account is not on this server"},
    {933, "invalid circle membership"},
    {934, "no access"},
};

constexpr bool sorted() {
  for (size_t i = 1; i < std::size(kErrors); ++i)
    if (kErrors[i - 1].code >= kErrors[i].code) return false;
  return true;
}
static_assert(sorted(), "kErrors must be sorted by code for the binary search");

}  // namespace

std::string_view error_text(int code) {
  const auto* end = std::end(kErrors);
  const auto* it = std::lower_bound(std::begin(kErrors), end, code,
                                    [](const Entry& e, int c) { return e.code < c; });
  return (it != end && it->code == code) ? it->text : "unknown error";
}

bool error_is_fatal_at_login(int code) {
  if (code >= 500 && code <= 699) return true;  // server trouble: nothing to continue with
  if (code >= 900 && code <= 999) return true;  // doc/protocol/errors.md#handling: abort, show text
  return code == 420 || code == 540 || code == 710 || code == 731;
}

bool error_is_retryable(int code) {
  if (code >= 500 && code <= 699) return code != 502 && code != 540;
  switch (code) {
    case 416:
    case 417:
    case 712:
    case 713:
    case 714:
    case 729:
    case 800:
    case 910:
    case 912:
    case 914:
    case 915:
    case 916:
    case 918:
    case 919:
    case 921:
    case 922: return true;
    default: return false;
  }
}

}  // namespace msntty
