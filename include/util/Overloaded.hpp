#pragma once
// std::visit with one lambda per alternative: std::visit(Overloaded{[](const A&) {...},
// [](const B&) {...}}, variant). Used wherever a typed event variant is taken apart.
namespace msntty {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace msntty
