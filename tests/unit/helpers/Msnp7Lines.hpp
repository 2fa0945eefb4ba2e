#pragma once
// Server lines of an MSNP7 sign-in as the recorded session has them (tests/data/), shared by the
// tests that replay it: the proto session's, NsLink's and NsConnection's.
#include <string>

namespace msntty::test {

// The SYN answer for alice: version 1, bob on FL, AL and RL, no groups but the implicit one.
inline const std::string kDump7 =
    "SYN 5 1\r\n"
    "GTC 5 1 A\r\n"
    "BLP 5 1 AL\r\n"
    "LSG 5 1 1 1 0 Other%20Contacts 0\r\n"
    "LST 5 FL 1 1 1 bob@example.com Bob 0\r\n"
    "LST 5 AL 1 1 1 bob@example.com Bob\r\n"
    "LST 5 BL 1 0 0\r\n"
    "LST 5 RL 1 1 1 bob@example.com Bob\r\n";

}  // namespace msntty::test
