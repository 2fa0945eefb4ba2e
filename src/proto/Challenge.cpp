#include "proto/Challenge.hpp"

#include <array>
#include <cstdint>
#include <string>

#include "util/Md5.hpp"

namespace msntty {

namespace {

constexpr uint64_t kMod = 0x7FFFFFFF;
constexpr uint64_t kMagic = 0x0E79A9C1;

// Little-endian regardless of the host, as the algorithm defines it.
uint32_t load_le32(const unsigned char* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

void store_le32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

std::string concat(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size() + 8);
  s.append(a);
  s.append(b);
  return s;
}

}  // namespace

ProductKey product_key_for(int msnp_version) {
  if (msnp_version >= 11) return {"PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL"};
  return {"msmsgs@msnmsgr.com", "Q1P7W2E4J9R8U3S5"};
}

std::string qry_md5(std::string_view challenge, std::string_view key) {
  return md5_hex(concat(challenge, key));
}

std::string qry_msnp11(std::string_view challenge, std::string_view product_id,
                       std::string_view product_key) {
  const auto h = md5_raw(concat(challenge, product_key));
  uint32_t H[4];
  uint64_t M[4];
  for (int i = 0; i < 4; ++i) {
    H[i] = load_le32(h.data() + 4 * i);
    M[i] = H[i] & 0x7FFFFFFF;
  }
  // Every known client pads with 8 - len % 8 zeros, i.e. 8 when already aligned
  // (doc/protocol/challenges.md#padding).
  std::string s = concat(challenge, product_id);
  s.append(8 - s.size() % 8, '0');
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  uint64_t high = 0, low = 0;
  for (size_t off = 0; off < s.size(); off += 8) {
    const uint64_t c0 = load_le32(bytes + off);
    const uint64_t c1 = load_le32(bytes + off + 4);
    uint64_t t = (c0 * kMagic) % kMod;
    t = (M[0] * (t + high) + M[1]) % kMod;
    high = (M[2] * ((c1 + t) % kMod) + M[3]) % kMod;
    low += high + t;
  }
  high = (high + M[1]) % kMod;
  low = (low + M[3]) % kMod;
  // XOR into the unmasked words (Escargot's disabled server code uses the masked ones: wrong).
  std::array<uint8_t, 16> out{};
  store_le32(out.data() + 0, H[0] ^ static_cast<uint32_t>(high));
  store_le32(out.data() + 4, H[1] ^ static_cast<uint32_t>(low));
  store_le32(out.data() + 8, H[2] ^ static_cast<uint32_t>(high));
  store_le32(out.data() + 12, H[3] ^ static_cast<uint32_t>(low));
  return to_hex(out.data(), out.size());
}

std::string qry_response(int msnp_version, std::string_view challenge) {
  const ProductKey pk = product_key_for(msnp_version);
  if (msnp_version >= 11) return qry_msnp11(challenge, pk.id, pk.key);
  return qry_md5(challenge, pk.key);
}

std::string md5_login_response(std::string_view challenge, std::string_view password) {
  return md5_hex(concat(challenge, password));
}

}  // namespace msntty
