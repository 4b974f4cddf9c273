// Coverage of the model's world for libFuzzer (extra counters): which thread
// a concurrent block preempted, at its how-many-th scheduling point, and in
// which op; and how many calls each fault site saw. libFuzzer keeps an input
// that reaches a new one, so schedules are explored one preemption at a time.
#pragma once

#include "executor.h"
#include "program.h"

namespace lu::fuzz {

// Counts the features of the run of @p that gave @v.
void count_model_features(const Program &p, const Verdict &v);

} // namespace lu::fuzz
