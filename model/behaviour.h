// How each revision of the series answers the calls whose outcome changed
// between revisions on purpose: the order of a function's checks, an errno,
// a WARN. The model predicts from the revision of the code under test
// (behaviour_of(), picked by the harness from the SUT's identity); the port
// and a v2 tree follow v2, a later tree the later revision.
#pragma once

#include <cerrno>
#include <string_view>

namespace lu::model {

struct Behaviour {
    std::string_view revision;
    // Unpreserving a domain or a device that is not preserved returns before
    // asking LUO for the FLB object: a no-op, never a WARN. (v2 asks first,
    // and WARNs when there is no object.)
    bool unpreserve_not_preserved_is_noop = false;
    // Unpreserving a domain that cannot be preserved (no page-table ops)
    // WARNs: the callers must not ask. (v2 returns quietly.)
    bool unpreserve_unpreservable_warns = false;
    // Device preserve asks LUO for the FLB object before it checks, under
    // the FLB lock, that the device's domain is preserved; so with no object
    // it fails as LUO does (-ENOENT) rather than -EINVAL.
    bool dev_preserve_gets_object_first = false;
    // The errno of preserving a device that is already preserved.
    int dev_preserve_again = -EBUSY;
};

inline constexpr Behaviour kBehaviourV2{.revision = "v2"};
inline constexpr Behaviour kBehaviourLater{
    .revision = "later",
    .unpreserve_not_preserved_is_noop = true,
    .unpreserve_unpreservable_warns = true,
    .dev_preserve_gets_object_first = true,
    .dev_preserve_again = -EINVAL,
};

// The behaviour of revision @rev ("port" and "v2": v2's; "later"). An
// unknown name is v2's: configure refuses a tree of no known revision.
constexpr const Behaviour &behaviour_of(std::string_view rev) {
    return rev == kBehaviourLater.revision ? kBehaviourLater : kBehaviourV2;
}

} // namespace lu::model
