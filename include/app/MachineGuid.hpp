#pragma once
// This installation's identity among the places an account is signed in at (MSNP16+): the
// machine GUID and the place name. The GUID must stay the same from one sign-in to the next (a
// server signs out every other place when one signs in with a GUID already in use, and a new
// one each time would pile up places), so, unless the machine_guid setting names one, it is
// generated once from the system's random source and kept in $XDG_STATE_HOME/msntty/machine-guid
// (file 0600, folder 0700).
#include <string>

#include "app/Settings.hpp"
#include "util/Result.hpp"

namespace msntty {

// The setting's GUID, else the kept one (made on first use) in msntty's state folder.
Result<std::string> machine_guid(const Settings& settings);
// The same for a given folder (created 0700 if missing): reads `dir`/machine-guid, or writes a
// new random GUID there (0600) when the file is missing or holds no GUID.
Result<std::string> kept_machine_guid(const std::string& dir);
// A random (version 4) GUID, "{XXXXXXXX-XXXX-4XXX-YXXX-XXXXXXXXXXXX}", from getrandom().
Result<std::string> random_guid();

// The place_name setting, else "msntty@HOSTNAME".
std::string place_name(const Settings& settings);

}  // namespace msntty
