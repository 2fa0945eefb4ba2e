#pragma once
// The HTTPS services' URLs, in one place: each comes from its own setting when that is set, else
// from web_base (default Escargot's) and the service's usual path. Nobody else derives them.
#include <string>
#include <string_view>

#include "app/Settings.hpp"

namespace msntty {

enum class WebService { Nexus, Rst, AddressBook, Sharing, Storage, OimRsi, OimStore };

// The setting that overrides the URL ("nexus", "rst_url", ...) and the path below web_base.
std::string_view service_setting(WebService service);
std::string_view service_path(WebService service);

// The URL to use: the service's own setting if non-empty, else web_base (without its trailing
// slashes) followed by the service's path.
std::string service_url(const Settings& settings, WebService service);

}  // namespace msntty
