// Fault decisions of a run: a step's faults name a site and the call number
// within that step; a persistent fault also fails every later call of the
// site, in that step and all steps after. The model and the port ask the
// same plan with their own call counts, so both see the same failures.
#pragma once

#include <array>
#include <vector>

#include "program.h"

namespace lu {

class FaultPlan {
  public:
    void begin_step(const std::vector<Fault> *faults);
    // Does call @nth (1-based, within the step) of @site fail?
    bool decide(int site, uint32_t nth) const { return decide_for(faults_, site, nth); }
    // The same for a step other than the current one (concurrent blocks,
    // where several steps are under way at once).
    bool decide_for(const std::vector<Fault> *faults, int site, uint32_t nth) const;
    // After the step: persistent faults that were reached stay on.
    void end_step(const std::array<uint32_t, LU_NR_SITES> &calls) { end_step_of(faults_, calls); }
    void end_step_of(const std::vector<Fault> *faults,
                     const std::array<uint32_t, LU_NR_SITES> &calls);

  private:
    const std::vector<Fault> *faults_ = nullptr;
    std::array<bool, LU_NR_SITES> always_{};
};

} // namespace lu
