#pragma once
#include <string>

namespace msntty::net {

struct TlsOptions {
  bool enabled = false;
  std::string server_name;  // SNI and the name verified; empty = the host connected to
  std::string ca_file;      // extra trust anchors (PEM), on top of the system's
  bool verify = true;
};

}  // namespace msntty::net
