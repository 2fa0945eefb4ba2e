// is_valid_email: what a typed address must look like before it becomes a protocol token.
#include <catch2/catch.hpp>

#include <string>

#include "util/Email.hpp"

using namespace msntty;

TEST_CASE("email: ordinary addresses pass", "[util][email]") {
  for (std::string ok :
       {"bob@example.com", "Alice@Example.COM", "first.last+tag@example.co.uk", "a+b@example.com",
        "x_y-z@sub.example-host.org", "o'neil@example.ie", "7@example.com", "a@b.c",
        "bob@hotmail.com", "user@xn--bcher-kva.example"}) {
    INFO(ok);
    CHECK(is_valid_email(ok));
  }
  CHECK(is_valid_email(std::string(64, 'l') + "@example.com"));
  CHECK(is_valid_email("a@" + std::string(63, 'd') + ".com"));
}

TEST_CASE("email: malformed addresses fail", "[util][email]") {
  for (std::string bad : {"",
                          "bob",
                          "@example.com",
                          "bob@",
                          "bob@@example.com",
                          "bob@x@example.com",
                          "bob@example",
                          "bob@localhost",
                          ".bob@example.com",
                          "bob.@example.com",
                          "a..b@example.com",
                          "bob@.example.com",
                          "bob@example.com.",
                          "bob@example..com",
                          "bob@-example.com",
                          "bob@example-.com",
                          "bob@exa_mple.com",
                          "bob@[127.0.0.1]",
                          "\"bob\"@example.com",
                          "bob(x)@example.com",
                          "b,ob@example.com",
                          "bob@example.com:1863"}) {
    INFO(bad);
    CHECK_FALSE(is_valid_email(bad));
  }
  CHECK_FALSE(is_valid_email(std::string(65, 'l') + "@example.com"));
  CHECK_FALSE(is_valid_email("a@" + std::string(64, 'd') + ".com"));
  std::string long_domain;
  for (int i = 0; i < 64; ++i) long_domain += "abc.";
  CHECK_FALSE(is_valid_email("a@" + long_domain + "com"));  // over 253 bytes
}

TEST_CASE("email: nothing that could break a protocol line passes", "[util][email]") {
  for (std::string bad :
       {"bob @example.com", "bob@example.com ", " bob@example.com", "bob@example.com\r\nOUT",
        "bob@example.com\n", "bob\r@example.com", "bob\t@example.com", "bob\x1b@example.com",
        "bob\x7f@example.com", "j\xC3\xB6rg@example.com", "bob@ex\xC3\xA4mple.com"}) {
    INFO(bad.size());
    CHECK_FALSE(is_valid_email(bad));
  }
  CHECK_FALSE(is_valid_email(std::string("bob\0@example.com", 16)));
  CHECK_FALSE(is_valid_email(std::string("bob@example.com\0", 16)));
}
