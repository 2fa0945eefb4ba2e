#include "helpers/TempDir.hpp"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace msntty::test {

TempDir::TempDir(const std::string& prefix) {
  std::string tmpl = "/tmp/" + prefix + "-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp " + tmpl + " failed");
  m_path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;  // a test that made a folder unreadable must not throw from here
  std::filesystem::remove_all(m_path, ignored);
}

}  // namespace msntty::test
