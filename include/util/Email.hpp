#pragma once
// The shape of an e-mail address, checked before a typed address becomes a protocol token.
#include <string_view>

namespace msntty {

// local@domain, where local is 1-64 of A-Z a-z 0-9 and !#$%&'*+/=?^_`{|}~- with single dots
// between them (not first or last), and domain is 1-253 bytes of dot-separated labels of
// A-Z a-z 0-9 and '-' (1-63 each, no '-' first or last), at least two of them: a Passport
// sign-in name was always a full internet address. No quoted local parts, no IP literals, no
// spaces or control bytes; so "bob@example.com" passes and "bob @x", "bob@x", "a..b@x.com" and
// "bob@example.com\r\nOUT" do not.
bool is_valid_email(std::string_view address);

}  // namespace msntty
