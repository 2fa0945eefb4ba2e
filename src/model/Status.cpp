#include "model/Status.hpp"

#include <array>

namespace msntty {
namespace {

struct StatusSpelling {
  Status status;
  std::string_view code;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<StatusSpelling, 9> kSpellings{{
    {Status::Online, "NLN", "online", "Online"},
    {Status::Busy, "BSY", "busy", "Busy"},
    {Status::Idle, "IDL", "idle", "Idle"},
    {Status::Brb, "BRB", "brb", "Be right back"},
    {Status::Away, "AWY", "away", "Away"},
    {Status::Phone, "PHN", "phone", "On the phone"},
    {Status::Lunch, "LUN", "lunch", "Out to lunch"},
    {Status::Invisible, "HDN", "invisible", "Appear offline"},
    {Status::Offline, "FLN", "offline", "Offline"},
}};

const StatusSpelling& spelling(Status s) {
  return kSpellings[static_cast<size_t>(s)];
}

}  // namespace

std::string_view status_code(Status s) {
  return spelling(s).code;
}
std::string_view status_name(Status s) {
  return spelling(s).name;
}
std::string_view status_label(Status s) {
  return spelling(s).label;
}

std::optional<Status> status_from_code(std::string_view code) {
  for (const auto& sp : kSpellings)
    if (sp.code == code) return sp.status;
  return std::nullopt;
}

std::optional<Status> status_from_name(std::string_view name) {
  std::optional<Status> found;
  for (const auto& sp : kSpellings) {
    if (sp.name == name) return sp.status;
    if (!name.empty() && sp.name.substr(0, name.size()) == name) {
      if (found) return std::nullopt;  // ambiguous prefix
      found = sp.status;
    }
  }
  return found;
}

bool status_is_online(Status s) {
  return s != Status::Offline;
}

}  // namespace msntty
