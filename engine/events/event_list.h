// EventList / EventVariant: lets each capability declare its event kinds in its own header while
// Event stays one std::variant over all of them (see events.h).
#pragma once

#include <variant>

namespace optiscope {

// A list of event types, e.g. EventList<TrialStarted, TrialFinished>.
template <typename... T>
struct EventList {};

namespace internal {
template <typename... Lists>
struct ConcatEvents;
template <typename... A>
struct ConcatEvents<EventList<A...>> {
  using type = std::variant<A...>;
};
template <typename... A, typename... B, typename... Rest>
struct ConcatEvents<EventList<A...>, EventList<B...>, Rest...>
    : ConcatEvents<EventList<A..., B...>, Rest...> {};
}  // namespace internal

// std::variant over the concatenation of the given EventLists, in order.
template <typename... Lists>
using EventVariant = typename internal::ConcatEvents<Lists...>::type;

}  // namespace optiscope
