// The SSO response blob (doc/protocol/ns-sso.md#the-response-blob) against the published test
// vector, step by step, and base64 on its own.
#include <catch2/catch.hpp>

#include <string>

#include "proto/SsoBlob.hpp"
#include "util/Base64.hpp"
#include "util/Md5.hpp"

using namespace msntty;

namespace {

std::string hex(const std::string& bytes) {
  return to_hex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::string from_hex(std::string_view h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  return out;
}

const std::string kSecret = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
const std::string kNonce = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v";
const std::string kIv = from_hex("0123456789abcdef");
const std::string kBlob =
    "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAAEjRWeJq83visLUw7OQDVEuB5SOlpaAK7pz0BNOHZ7vvmeSD6tg"
    "EsPSkZnhjmYnoDzPqJR3EybGvoNn1uUDYE52DK6/F4SDiSWUR1sKVVLWHRA/YFy08JsALGDh3dHltd647mk=";

}  // namespace

TEST_CASE("sso blob: the test vector, every step", "[sso]") {
  auto secret = base64_decode(kSecret);
  REQUIRE(secret);
  CHECK(hex(*secret) == "0102030405060708090a0b0c0d0e0f101112131415161718");
  auto p = sso_blob_parts(*secret, kNonce, kIv);
  REQUIRE(p);
  CHECK(hex(p->key2) == "faab032d0b0b0e5c3b236294ac9070e62b429cc75f630d8f");
  CHECK(hex(p->key3) == "6a09297162f557689b17565a605833abcd9be06386559ffa");
  CHECK(hex(p->hash) == "8ac2d4c3b3900d512e07948e9696802bba73d013");
  CHECK(hex(p->cipher) ==
        "4e1d9eefbe67920fab6012c3d29199e18e6627a03ccfa894771326c6be8367d6e503604e760caebf178483"
        "892594475b0a5552d61d103f605cb4f09b002c60e1ddd1e5b5deb8ee69");
  CHECK(hex(p->blob.substr(0, 28)) == "1c000000010000000366000004800000080000001400000048000000");
  CHECK(p->blob.substr(28, 8) == kIv);
  CHECK(p->blob.size() == 128);
  CHECK(base64_encode(p->blob) == kBlob);
  CHECK(sso_response_blob(kSecret, kNonce, kIv) == kBlob);
  CHECK(kBlob.size() == 172);
}

TEST_CASE("sso blob: the IV and the nonce change it; bad inputs give nothing", "[sso]") {
  auto other_iv = sso_response_blob(kSecret, kNonce, from_hex("0000000000000000"));
  REQUIRE(other_iv);
  CHECK(*other_iv != kBlob);
  CHECK(other_iv->starts_with("HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAA"));
  auto other_nonce = sso_response_blob(kSecret, "short", kIv);
  REQUIRE(other_nonce);
  auto raw = base64_decode(*other_nonce);
  REQUIRE(raw);
  CHECK(raw->size() == 28 + 8 + 20 + 8);  // "short" + three bytes of padding: one block
  CHECK(static_cast<unsigned char>((*raw)[24]) == 8);  // the cipher size word
  CHECK_FALSE(sso_response_blob("not base64!", kNonce, kIv));
  CHECK_FALSE(sso_response_blob(base64_encode("too short"), kNonce, kIv));
  CHECK_FALSE(sso_response_blob(kSecret, kNonce, "1234567"));
}

TEST_CASE("base64: round trip, padding, whitespace and bad input", "[sso]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Zm9vYmFy") == "foobar");
  CHECK(base64_decode("Zm9v\r\nYmE=") == "fooba");
  CHECK(base64_decode("Zg==") == "f");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  CHECK(base64_decode(base64_encode(all)) == all);
  CHECK_FALSE(base64_decode("Zg="));
  CHECK_FALSE(base64_decode("Zg==Zg=="));
  CHECK_FALSE(base64_decode("Z"));
  CHECK_FALSE(base64_decode("Zm9v*mFy"));
  CHECK_FALSE(base64_decode("Zm9vY==="));
}
