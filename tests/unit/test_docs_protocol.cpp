// Docs move with code: the tables of doc/protocol/ against the code they describe. Every code in
// errors.md has the text error_text() gives, and no other code has one; every vector in
// test-vectors.md is what proto/Challenge computes (keys from challenges.md#product-ids). Reads
// the pages relative to the working directory, which is the repository root under tests/run.py.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "proto/Challenge.hpp"
#include "proto/ErrorText.hpp"

using namespace msntty;

namespace {

// The table rows ("| ... |" lines) under the "## " heading `heading` of a doc page, as cells.
std::vector<std::vector<std::string>> table(const std::string& page, const std::string& heading) {
  const std::string path = "doc/protocol/" + page;
  std::ifstream in(path);
  INFO("cannot read " << path << " (run the unit tests from the repository root)");
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) inside = line == "## " + heading;
    if (!inside || !line.starts_with("| ") || line.starts_with("|---")) continue;
    std::vector<std::string> cells;
    for (size_t start = 2, bar; (bar = line.find(" |", start)) != std::string::npos;
         start = bar + 3)
      cells.push_back(line.substr(start, bar - start));
    rows.push_back(std::move(cells));
  }
  INFO(path << " has no table under ## " << heading);
  REQUIRE(rows.size() > 1);
  rows.erase(rows.begin());  // the header row
  return rows;
}

// The `quoted` parts of a cell, in order.
std::vector<std::string> code_spans(const std::string& cell) {
  std::vector<std::string> out;
  for (size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open)) {
    const size_t close = cell.find('`', open + 1);
    if (close == std::string::npos) break;
    out.push_back(cell.substr(open + 1, close - open - 1));
    open = close + 1;
  }
  return out;
}

std::string first_span(const std::string& cell) {
  auto spans = code_spans(cell);
  return spans.empty() ? "<none in: " + cell + ">" : spans[0];
}

std::map<std::string, std::string> product_keys() {
  std::map<std::string, std::string> keys;
  for (const auto& row : table("challenges.md", "Product ids")) {
    REQUIRE(row.size() >= 2);
    keys[first_span(row[0])] = first_span(row[1]);
  }
  return keys;
}

}  // namespace

TEST_CASE("docs: errors.md lists exactly the codes error_text knows, with their texts",
          "[docs][proto][errortext]") {
  std::map<int, std::string> documented;
  for (const auto& row : table("errors.md", "Codes")) {
    REQUIRE(row.size() >= 2);
    documented[std::stoi(row[0])] = row[1];
  }
  CHECK(documented.size() > 90);
  for (int code = 100; code <= 999; ++code) {
    INFO(code);
    const std::string text(error_text(code));
    if (auto it = documented.find(code); it != documented.end())
      CHECK(text == it->second);
    else
      CHECK(text == "unknown error");
  }
}

TEST_CASE("docs: every MD5 login vector of test-vectors.md", "[docs][proto][challenge]") {
  auto rows = table("test-vectors.md", "MD5 login");
  CHECK(rows.size() >= 4);
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 3);
    INFO(row[0]);
    CHECK(md5_login_response(first_span(row[0]), first_span(row[1])) == first_span(row[2]));
  }
}

TEST_CASE("docs: every QRY vector of test-vectors.md, keys from challenges.md",
          "[docs][proto][challenge]") {
  const auto keys = product_keys();
  CHECK(keys.size() >= 15);
  const auto key_of = [&](const std::string& id) {
    auto it = keys.find(id);
    return it == keys.end() ? "<no key for " + id + ">" : it->second;
  };
  auto basic = table("test-vectors.md", "QRY for MSNP6 to MSNP10");
  CHECK(basic.size() >= 6);
  for (const auto& row : basic) {
    REQUIRE(row.size() >= 3);
    INFO(row[0] << " " << row[1]);
    const auto id_and_key = code_spans(row[1]);
    REQUIRE_FALSE(id_and_key.empty());
    // The key is written next to the id once; later rows name the id only.
    CHECK(key_of(id_and_key[0]) == (id_and_key.size() > 1 ? id_and_key[1] : key_of(id_and_key[0])));
    CHECK(qry_md5(first_span(row[0]), key_of(id_and_key[0])) == first_span(row[2]));
  }
  auto lock_and_key = table("test-vectors.md", "QRY for MSNP11 and later");
  CHECK(lock_and_key.size() >= 7);
  for (const auto& row : lock_and_key) {
    REQUIRE(row.size() >= 3);
    INFO(row[0] << " " << row[1]);
    const std::string id = first_span(row[1]);
    CHECK(qry_msnp11(first_span(row[0]), id, key_of(id)) == first_span(row[2]));
  }
  // The pairs msntty answers with are in the table too.
  for (int version : {10, 12}) {
    const ProductKey pk = product_key_for(version);
    CHECK(key_of(std::string(pk.id)) == pk.key);
  }
}
