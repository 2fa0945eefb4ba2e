#pragma once
// The process exit statuses, in one place (also the man page's EXIT STATUS). Values 69, 70 and
// 77 follow sysexits.h (EX_UNAVAILABLE, EX_SOFTWARE, EX_NOPERM) so scripts can tell them apart.

namespace msntty {

enum ExitCode {
  kExitOk = 0,
  kExitError = 1,            // an error the user can act on: bad config, refused certificate...
  kExitUsage = 2,            // bad command line
  kExitConnectionLost = 69,  // the server closed, the connection dropped, signed in elsewhere
  kExitInternal = 70,        // something the client relies on failed (poll, c-ares...): see stderr
  kExitAuth = 77,            // authentication failed
};

}  // namespace msntty
