// State oracles: compare what the model says the machine holds with what the
// port's memory says, invariant by invariant (KERNEL-SPEC section e). Cheap
// checks run after every step (FLB counts, ledger sizes, chain shapes, the
// slots and back pointers the step touched); full sweeps of every slot and
// every back pointer run at kexec, at the end, and periodically.
#pragma once

#include <optional>
#include <string>

#include <model.h>
#include <sut.h>

namespace lu {

struct Finding {
    std::string kind; // e.g. "I1-chain", "I4-backptr"
    std::string detail;
};

class Oracles {
  public:
    // Walk the port's chains once for this step's checks.
    void refresh(const model::Model &m, const sut::World &w);

    // FLB counts (I8) and the KHO ledger sizes (I3).
    std::optional<Finding> flb_and_ledger(const model::Model &m, const sut::World &w) const;
    // The slab blocks and frames the series holds (I3, I8): more than the
    // model predicts is a leak, named by where each block was allocated.
    std::optional<Finding> held(const model::Model &m, const sut::World &w) const;
    // Pages, nr_objects, links and the tail of each chain (I1), and the bytes
    // past the last slot (I2): of every page when @all, else of the tail
    // pages of the chains in @touched (bit i: chain i).
    std::optional<Finding> shapes(const model::Model &m, bool all, unsigned touched = 7) const;
    // One slot's header and body (I4 flags, I5 refcounts and links, I6, I7).
    std::optional<Finding> slot(const model::Model &m, model::SlotRef ref) const;
    std::optional<Finding> all_slots(const model::Model &m) const;
    // Back pointers (I4) of one object, or of every object.
    std::optional<Finding> domain_bp(const model::Model &m, const sut::World &w, int d) const;
    std::optional<Finding> dev_bp(const model::Model &m, const sut::World &w, int v) const;
    std::optional<Finding> unit_bp(const model::Model &m, const sut::World &w, int u) const;
    std::optional<Finding> all_back_pointers(const model::Model &m, const sut::World &w) const;

  private:
    uint64_t slot_phys(model::Chain c, int idx) const;
    sut::ChainRefs views_[3];
    bool have_ = false;     // some chains are in view
    bool incoming_ = false; // they are the previous kernel's
};

} // namespace lu
