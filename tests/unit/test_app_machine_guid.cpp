// app/MachineGuid: the GUID generated once and kept (0600 file in a 0700 folder), the setting's
// own GUID first, and the place name.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "app/MachineGuid.hpp"
#include "helpers/TempDir.hpp"

using namespace msntty;

namespace {

const std::regex kGuid("\\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\\}");

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The environment variable for one test, put back afterwards.
struct EnvVar {
  EnvVar(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~EnvVar() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }
  const char* m_name;
  std::optional<std::string> m_old;
};

}  // namespace

TEST_CASE("machine guid: random ones are version 4 and differ", "[guid]") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto g = random_guid();
    REQUIRE(g);
    CHECK(std::regex_match(*g, kGuid));
    seen.insert(*g);
  }
  CHECK(seen.size() == 50);
}

TEST_CASE("machine guid: made once, kept 0600 in a 0700 folder, read back", "[guid]") {
  test::TempDir tmp;
  std::string dir = tmp.file("state/msntty");
  auto first = kept_machine_guid(dir);
  REQUIRE(first);
  CHECK(std::regex_match(*first, kGuid));
  CHECK(mode_of(dir) == 0700);
  CHECK(mode_of(dir + "/machine-guid") == 0600);
  CHECK(slurp(dir + "/machine-guid") == *first + "\n");
  auto again = kept_machine_guid(dir);
  REQUIRE(again);
  CHECK(*again == *first);
  // Another state folder (another test client) gets another GUID.
  auto other = kept_machine_guid(tmp.file("other"));
  REQUIRE(other);
  CHECK(*other != *first);
}

TEST_CASE("machine guid: a damaged file is replaced, a hand-written one kept", "[guid]") {
  test::TempDir tmp;
  std::string file = tmp.file("machine-guid");
  std::ofstream(file) << "not a guid\n";
  auto g = kept_machine_guid(tmp.path());
  REQUIRE(g);
  CHECK(std::regex_match(*g, kGuid));
  CHECK(slurp(file) == *g + "\n");
  std::ofstream(file, std::ios::trunc) << "0d1e2f3a-0000-4000-8000-00000000a11c";
  CHECK(*kept_machine_guid(tmp.path()) == "{0D1E2F3A-0000-4000-8000-00000000A11C}");
}

TEST_CASE("machine guid: the setting first, else $XDG_STATE_HOME/msntty", "[guid]") {
  test::TempDir tmp;
  EnvVar state("XDG_STATE_HOME", tmp.path());
  Settings s;
  auto kept = machine_guid(s);
  REQUIRE(kept);
  CHECK(slurp(tmp.file("msntty/machine-guid")) == *kept + "\n");
  CHECK(*machine_guid(s) == *kept);
  REQUIRE_FALSE(s.set("machine_guid", "{0D1E2F3A-0000-4000-8000-00000000A11C}"));
  CHECK(*machine_guid(s) == "{0D1E2F3A-0000-4000-8000-00000000A11C}");
}

TEST_CASE("machine guid: a folder that cannot be made is a clear error", "[guid]") {
  test::TempDir tmp;
  std::ofstream(tmp.file("file")) << "x";
  auto g = kept_machine_guid(tmp.file("file/msntty"));
  REQUIRE_FALSE(g);
  CHECK(g.error().text.find("cannot create") != std::string::npos);
}

TEST_CASE("place name: the setting, else msntty@HOSTNAME", "[guid]") {
  Settings s;
  char host[256] = {};
  REQUIRE(::gethostname(host, sizeof host - 1) == 0);
  CHECK(place_name(s) == std::string("msntty@") + host);
  REQUIRE_FALSE(s.set("place_name", "laptop"));
  CHECK(place_name(s) == "laptop");
}
