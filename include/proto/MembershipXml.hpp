#pragma once
// The XML payloads of ADL, RML and FQY (MSNP13+, doc/protocol/ab-soap.md#adl-rml-and-fqy):
// <ml [l="1"]><d n="DOMAIN"><c n="LOCAL" l="BITS" t="NET"/>...</d></ml>. Written one domain per
// payload (Escargot applies only the last <d> of a non-initial ADL) and at most 150 contacts per
// payload; read from the server's `ADL 0`/`RML 0` (someone added or removed you) and FQY replies.
#include <string>
#include <string_view>
#include <vector>

#include "util/Result.hpp"

namespace msntty::ml {

constexpr size_t kMaxPerPayload = 150;
constexpr int kPassportNetwork = 1;

struct Entry {
  std::string email;
  unsigned lists = 0;  // ListBits; only FL, AL and BL are ever sent
  int network = kPassportNetwork;
  std::string nick;  // f= of a server's ADL (URL-decoded); never sent
};

// The payloads for `entries` in order of first appearance of their domains. With `initial` each
// has l="1" on <ml>, and no entries at all give the one empty `<ml l="1"></ml>`. Entries with no
// list bit among FL, AL, BL, or with no '@', are left out.
std::vector<std::string> write_payloads(const std::vector<Entry>& entries, bool initial);
// FQY: one contact, no list bits.
std::string write_query(std::string_view email);
// A server's payload; an Error when it is not such a document.
Result<std::vector<Entry>> read_payload(std::string_view payload);

}  // namespace msntty::ml
