// Fault decisions of a run (see faults.h).
#include "faults.h"

namespace lu {

void FaultPlan::begin_step(const std::vector<Fault> *faults) { faults_ = faults; }

bool FaultPlan::decide_for(const std::vector<Fault> *faults, int site, uint32_t nth) const {
    if (always_[site]) return true;
    if (!faults) return false;
    for (const Fault &f : *faults)
        if (f.site == site && (f.nth == nth || (f.persistent && nth > f.nth))) return true;
    return false;
}

void FaultPlan::end_step_of(const std::vector<Fault> *faults,
                            const std::array<uint32_t, LU_NR_SITES> &calls) {
    if (faults)
        for (const Fault &f : *faults)
            if (f.persistent && calls[f.site] >= f.nth) always_[f.site] = true;
    faults_ = nullptr;
}

} // namespace lu
