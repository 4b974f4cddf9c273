// State oracles: compare what the model says the machine holds with what the
// port's memory says, invariant by invariant (KERNEL-SPEC section e).
#pragma once

#include <optional>
#include <string>

#include <model.h>
#include <sut.h>

namespace lu {

struct Finding {
    std::string kind;    // e.g. "I1-chain", "I4-backptr"
    std::string detail;
};

// FLB counts (I8) and the KHO ledger sizes (I3).
std::optional<Finding> check_flb_and_ledger(const model::Model &m, const sut::World &w);
// Chain shape, bounds and every slot's header and body (I1, I2, I5, I6 flags).
std::optional<Finding> check_chains(const model::Model &m, const sut::World &w);
// Back pointers of domains, devices and IOMMU units (I4).
std::optional<Finding> check_back_pointers(const model::Model &m, const sut::World &w);

}  // namespace lu
