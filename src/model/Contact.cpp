#include "model/Contact.hpp"

#include <array>
#include <utility>

namespace msntty {
namespace {
constexpr std::array<std::pair<std::string_view, unsigned>, 5> kLists{{{"FL", kForwardList},
                                                                       {"AL", kAllowList},
                                                                       {"BL", kBlockList},
                                                                       {"RL", kReverseList},
                                                                       {"PL", kPendingList}}};
}

std::vector<std::string> list_names(unsigned bits) {
  std::vector<std::string> out;
  for (const auto& [name, bit] : kLists)
    if (bits & bit) out.emplace_back(name);
  return out;
}

unsigned list_bit(std::string_view code) {
  for (const auto& [name, bit] : kLists)
    if (name == code) return bit;
  return 0;
}

}  // namespace msntty
