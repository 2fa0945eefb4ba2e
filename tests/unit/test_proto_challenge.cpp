#include <catch2/catch.hpp>

#include "proto/Challenge.hpp"

using namespace msntty;

TEST_CASE("MD5 login responses (doc test vectors, recorded sessions)", "[proto][challenge]") {
  CHECK(md5_login_response("1234567890.123456789", "password") ==
        "f59af8f2fa91d38aff7c870c17f99903");
  CHECK(md5_login_response("3b0aef264658b7c", "bobpass") == "a0453f4f90003c8a2cc116a17a1e6238");
  CHECK(md5_login_response("1056561624.17795", "abcdefg1234567") ==
        "483eee01d6a1de1b668cac9a0ac75d91");
  CHECK(md5_login_response("316d73b9dfab963", "bobpass") == "a5e68f6ecd7328af3dd01113a5931a06");
  CHECK(md5_login_response("15b27e6e9a1b0bb", "alicepass") == "490ec3837050e6de4bb217904fbb5f60");
}

TEST_CASE("MSNP6-10 QRY (doc test vectors)", "[proto][challenge]") {
  const std::string_view key = "Q1P7W2E4J9R8U3S5";
  CHECK(qry_md5("20881396011366812350", key) == "0212eaad0876afb8505859ca75d21a78");
  CHECK(qry_md5("12345678901234567890", key) == "8ba1bb9d6dbf624fee31a2053af5fdd0");
  CHECK(qry_md5("11111111111111111111", key) == "3b6666b60157322b6fc6e41a115968f5");
  CHECK(qry_md5("22210219642164014968", key) == "eedf627f65e76d031255a605f5841204");
  CHECK(qry_md5("22210219642164014968", "VT6PX?UQTM4WM%YR") == "c60f42bcef15148c614190c61e8eebf6");
  CHECK(qry_md5("22210219642164014968", "JXQ6J@TUOGYV@N0M") == "a59c980720e4bd3339b6448dcf34ad27");
}

TEST_CASE("MSNP11+ lock-and-key QRY (doc test vectors)", "[proto][challenge]") {
  CHECK(qry_msnp11("22210219642164014968", "PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL") ==
        "85ecb0db8f32113df79ce0892b9a102c");
  CHECK(qry_msnp11("11533365622852247127", "PROD0113H11T8$X_", "RG@XY*28Q5QHS%Q5") ==
        "f086d1ded067186deca8dba2231602cf");
  CHECK(qry_msnp11("237191752526424888127371168", "PROD0113H11T8$X_", "RG@XY*28Q5QHS%Q5") ==
        "65b6b623c649c25629af048d34066040");
  CHECK(qry_msnp11("22210219642164014968", "PROD0101{0RM?UBW", "CFHUR$52U_{VIX5T") ==
        "64812169fe9717715f03c678fa4ab938");
  CHECK(qry_msnp11("13038318816579321232", "PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL") ==
        "b01c13020e374d4fa20abfad6981b7a9");
  CHECK(qry_msnp11("11111111111111111111", "PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL") ==
        "47d62c3eeb5215e8e3f8d4db1c26d79d");
  CHECK(qry_msnp11("123456789012345678901234", "PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL") ==
        "948035b948c0318ad3fc5287620769f4");  // len % 8 == 0: padded with 8 zeros
}

TEST_CASE("qry_response picks algorithm and key by version", "[proto][challenge]") {
  CHECK(product_key_for(6).id == "msmsgs@msnmsgr.com");
  CHECK(product_key_for(10).key == "Q1P7W2E4J9R8U3S5");
  CHECK(product_key_for(11).id == "PROD0090YUAUV{2B");
  CHECK(product_key_for(12).key == "YMM8C_H7KCQ2S_KL");
  CHECK(qry_response(7, "11111111111111111111") == "3b6666b60157322b6fc6e41a115968f5");
  CHECK(qry_response(10, "20881396011366812350") == "0212eaad0876afb8505859ca75d21a78");
  CHECK(qry_response(11, "22210219642164014968") == "85ecb0db8f32113df79ce0892b9a102c");
  CHECK(qry_response(12, "13038318816579321232") == "b01c13020e374d4fa20abfad6981b7a9");
}
