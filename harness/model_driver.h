// Drives the model with Program steps: maps the Program's handles to the
// model's, asks the fault plan for each fault-site call, and reports what the
// model predicts. The executor and the generator both step the model here.
#pragma once

#include <array>
#include <vector>

#include <model.h>

#include "faults.h"
#include "program.h"

namespace lu {

struct Prediction {
    int ret = 0;
    bool panic = false; // the port must panic in this step
    model::Effects fx;  // fault-site calls, expected warnings
};

class ModelDriver {
  public:
    // The model with the LUO generation @luo_gen_a and the behaviour of the
    // revision under test (sut::identity()).
    explicit ModelDriver(bool luo_gen_a);

    // Run @s; @plan is asked for every fault-site call (nullptr: no faults).
    // @part: -1 for the whole step, else the atomic parts @part..@last
    // (last < part: just @part) of its op, as part_ranges gives them.
    Prediction apply(const Step &s, const FaultPlan *plan, int part = -1, int last = -1);
    // The atomic parts of the op of @s, for linearizing a concurrent block,
    // as ranges of the model's restore parts ({-1, -1}: the whole op). When
    // @finish_races (a file_finish runs in the block) every incoming
    // reference is dropped in a part of its own; otherwise a restore is only
    // split between its critical sections.
    static std::vector<std::pair<int, int>> part_ranges(const Step &s, bool finish_races);

    const model::Model &model() const { return m_; }
    // The model handle behind a Program handle, or -1 (creation failed).
    int handle(Arg kind, uint64_t idx) const;
    size_t handles_of(Arg kind) const { return handles_[handle_kind_index(kind)].size(); }

  private:
    int call(const Step &s, int part);
    model::Model m_;
    std::array<std::vector<int>, kNumHandleKinds> handles_;
    std::array<uint32_t, LU_NR_SITES> nth_{};
    // Per step being run in parts: its own call counts.
    std::vector<std::pair<const Step *, std::array<uint32_t, LU_NR_SITES>>> part_nth_;
};

// After @s ran with result @ret: if it creates a handle, record what the
// Program's next handle of that kind stands for (-1: the creation failed).
inline void record_handle(std::array<std::vector<int>, kNumHandleKinds> &handles, const Step &s,
                          int ret) {
    if (const int k = handle_kind_index(op_info(s.op).creates); k >= 0)
        handles[k].push_back(ret >= 0 ? ret : -1);
}

// The Program handles a step's arguments resolve to, as model/port handles.
std::array<int, 3> resolve_handles(const Step &s,
                                   const std::array<std::vector<int>, kNumHandleKinds> &handles);

} // namespace lu
