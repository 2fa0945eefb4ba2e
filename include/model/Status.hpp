#pragma once
// Presence states and their three spellings: the protocol code (NLN), the stable name used in
// commands and events (online), and the label shown to people (Online).
#include <optional>
#include <string_view>

namespace msntty {

enum class Status { Online, Busy, Idle, Brb, Away, Phone, Lunch, Invisible, Offline };

std::string_view status_code(Status s);   // "NLN", "BSY", ... "FLN"
std::string_view status_name(Status s);   // "online", "busy", ... "offline"
std::string_view status_label(Status s);  // "Online", "Be right back", ...
std::optional<Status> status_from_code(std::string_view code);
std::optional<Status> status_from_name(std::string_view name);  // also accepts unique prefixes
bool status_is_online(Status s);  // anything but Offline (Invisible counts for us)

}  // namespace msntty
