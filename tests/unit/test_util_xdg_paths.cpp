// Where msntty's files go (XDG), and the private-folder creation every such file relies on.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>
#include <string>

#include "net/PrivateDir.hpp"
#include "util/XdgPaths.hpp"

using namespace msntty;

TEST_CASE("msntty_dir prefers an absolute XDG variable, else falls back under HOME",
          "[util][paths]") {
  CHECK(msntty_dir(XdgDir::Config, "/x/conf", "/home/a") == "/x/conf/msntty");
  CHECK(msntty_dir(XdgDir::Data, "/x/data/", "/home/a") == "/x/data/msntty");
  CHECK(msntty_dir(XdgDir::State, nullptr, "/home/a") == "/home/a/.local/state/msntty");
  CHECK(msntty_dir(XdgDir::Data, "", "/home/a") == "/home/a/.local/share/msntty");
  CHECK(msntty_dir(XdgDir::Config, "relative", "/home/a") ==
        "/home/a/.config/msntty");  // invalid per XDG
  CHECK(msntty_dir(XdgDir::State, nullptr, nullptr).empty());
  CHECK(msntty_dir(XdgDir::State, nullptr, "").empty());
}

TEST_CASE("create_path makes every missing folder 0700 and leaves existing ones alone",
          "[util][paths]") {
  char buf[] = "/tmp/msntty-paths-test-XXXXXX";
  REQUIRE(::mkdtemp(buf));
  std::string base = buf;
  REQUIRE(::chmod(base.c_str(), 0755) == 0);
  std::string deep = base + "/a/b/c";
  auto made = net::PrivateDir::create_path(deep);
  REQUIRE(made);
  struct stat st {};
  for (const std::string& p : {base + "/a", base + "/a/b", deep}) {
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
  }
  REQUIRE(::stat(base.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0755);         // not ours to tighten
  CHECK(net::PrivateDir::create_path(deep));  // again: fine

  std::string file = base + "/file";
  FILE* f = std::fopen(file.c_str(), "w");
  REQUIRE(f);
  std::fclose(f);
  auto refused = net::PrivateDir::create_path(file + "/sub");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().text.find("cannot create " + file) == 0);
  auto not_dir = net::PrivateDir::create_path(file);
  REQUIRE_FALSE(not_dir);
  CHECK(not_dir.error().text == "cannot create " + file + ": not a folder");
  REQUIRE(std::system(("rm -rf " + base).c_str()) == 0);
}
