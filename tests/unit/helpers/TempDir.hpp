#pragma once
// A fresh folder under /tmp for one test, removed with everything in it when the test ends.
#include <string>

namespace msntty::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "msntty-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return m_path; }
  std::string file(const std::string& name) const { return m_path + "/" + name; }

 private:
  std::string m_path;
};

}  // namespace msntty::test
