#pragma once
// CHL/QRY challenge responses and MD5 login (doc/protocol/challenges.md).
#include <string>
#include <string_view>

namespace msntty {

struct ProductKey {
  std::string_view id;
  std::string_view key;
};

// MSNP6-10: msmsgs@msnmsgr.com / Q1P7W2E4J9R8U3S5; MSNP11+: PROD0090YUAUV{2B / YMM8C_H7KCQ2S_KL.
ProductKey product_key_for(int msnp_version);

std::string qry_md5(std::string_view challenge, std::string_view key);  // MSNP6-10
std::string qry_msnp11(std::string_view challenge, std::string_view product_id,
                       std::string_view product_key);  // MSNP11+ lock-and-key
std::string qry_response(int msnp_version, std::string_view challenge);
std::string md5_login_response(std::string_view challenge, std::string_view password);  // MSNP2-7

}  // namespace msntty
