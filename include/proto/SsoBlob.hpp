#pragma once
// The response blob of an MSNP15+ SSO login (doc/protocol/ns-sso.md#the-response-blob): proof
// that we hold the BinarySecret the RST service gave us, computed from the server's nonce. Pure
// computation (OpenSSL libcrypto); the random IV comes in as an argument, so tests can fix it.
#include <optional>
#include <string>
#include <string_view>

namespace msntty {

// Every step of the computation, raw bytes, for the tests against the published vector.
struct SsoBlobParts {
  std::string key2;    // 24 bytes: the key of the HMAC
  std::string key3;    // 24 bytes: the 3DES key
  std::string hash;    // 20 bytes: HMAC-SHA1(key2, nonce)
  std::string cipher;  // 3DES-EDE-CBC(key3, iv, nonce + PKCS#5 padding)
  std::string blob;    // 28-byte header, iv, hash, cipher
};

// The key derivation for one label: a1 = HMAC(secret, label), b1 = HMAC(secret, a1 label),
// a2 = HMAC(secret, a1), b2 = HMAC(secret, a2 label); the key is b1 and b2's first 4 bytes.
std::string sso_derive_key(std::string_view secret, std::string_view label);

// `secret`: the decoded BinarySecret (24 bytes); `nonce`: the text after MBI_KEY_OLD, as it came;
// `iv`: 8 bytes. nullopt if the secret or the IV has the wrong size.
std::optional<SsoBlobParts> sso_blob_parts(std::string_view secret, std::string_view nonce,
                                           std::string_view iv);

// The blob as USR SSO S carries it (base64), from the BinarySecret as the RST reply holds it
// (base64). nullopt if that is not base64 of 24 bytes or the IV is not 8 bytes.
std::optional<std::string> sso_response_blob(std::string_view secret_base64, std::string_view nonce,
                                             std::string_view iv);

}  // namespace msntty
