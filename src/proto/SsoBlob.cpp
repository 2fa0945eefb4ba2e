#include "proto/SsoBlob.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

#include "util/Base64.hpp"

namespace msntty {
namespace {

constexpr size_t kKeySize = 24;
constexpr size_t kIvSize = 8;
constexpr std::string_view kHashLabel = "WS-SecureConversationSESSION KEY HASH";
constexpr std::string_view kEncryptionLabel = "WS-SecureConversationSESSION KEY ENCRYPTION";

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// One-shot HMAC: OpenSSL keeps no object alive between the calls, so there is nothing to free.
std::string hmac_sha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len))
    throw std::runtime_error("OpenSSL HMAC-SHA1 is unavailable");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string triple_des_cbc(std::string_view key, std::string_view iv, std::string_view plain) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw std::runtime_error("out of memory for a cipher context");
  auto bytes = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  // PKCS#5 padding is OpenSSL's default: a 64-character nonce gets eight 0x08 bytes.
  if (EVP_EncryptInit_ex(ctx.get(), EVP_des_ede3_cbc(), nullptr, bytes(key), bytes(iv)) != 1)
    throw std::runtime_error("OpenSSL 3DES-CBC is unavailable");
  std::string out(plain.size() + 8, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int n = 0, tail = 0;
  if (EVP_EncryptUpdate(ctx.get(), dst, &n, bytes(plain), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), dst + n, &tail) != 1)
    throw std::runtime_error("OpenSSL 3DES-CBC failed");
  out.resize(static_cast<size_t>(n + tail));
  return out;
}

void put_u32_le(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

std::string sso_derive_key(std::string_view secret, std::string_view label) {
  std::string a1 = hmac_sha1(secret, label);
  std::string b1 = hmac_sha1(secret, a1 + std::string(label));
  std::string a2 = hmac_sha1(secret, a1);
  std::string b2 = hmac_sha1(secret, a2 + std::string(label));
  return b1 + b2.substr(0, 4);
}

std::optional<SsoBlobParts> sso_blob_parts(std::string_view secret, std::string_view nonce,
                                           std::string_view iv) {
  if (secret.size() != kKeySize || iv.size() != kIvSize) return std::nullopt;
  SsoBlobParts p;
  p.key2 = sso_derive_key(secret, kHashLabel);
  p.key3 = sso_derive_key(secret, kEncryptionLabel);
  p.hash = hmac_sha1(p.key2, nonce);
  p.cipher = triple_des_cbc(p.key3, iv, nonce);
  // The header: its own size, CBC mode, 3DES, SHA-1, then the sizes of the three parts.
  for (uint32_t word :
       {28u, 1u, 0x6603u, 0x8004u, static_cast<uint32_t>(iv.size()),
        static_cast<uint32_t>(p.hash.size()), static_cast<uint32_t>(p.cipher.size())})
    put_u32_le(p.blob, word);
  p.blob.append(iv);
  p.blob += p.hash;
  p.blob += p.cipher;
  return p;
}

std::optional<std::string> sso_response_blob(std::string_view secret_base64, std::string_view nonce,
                                             std::string_view iv) {
  auto secret = base64_decode(secret_base64);
  if (!secret) return std::nullopt;
  auto parts = sso_blob_parts(*secret, nonce, iv);
  if (!parts) return std::nullopt;
  return base64_encode(parts->blob);
}

}  // namespace msntty
