// The minimizer: shrinks a failing Program to a small one that fails the same
// way (same failure_identity: signature and oracle detail). Delta debugging
// over steps and over faults to a fixpoint, then simplification of values
// (churn counts, mapped pages, fault kinds and call numbers), then the fewest
// preemptions. The result is 1-minimal, deterministic, and run once more.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "executor.h"
#include "program.h"

namespace lu {

struct MinimizeStats {
    size_t runs = 0; // programs actually run (cache hits are not counted)
    size_t steps_before = 0, steps_after = 0;
    size_t faults_before = 0, faults_after = 0;
};

// The smallest program found that still fails with @signature (a failing
// Verdict's signature), and as @p fails: the same failure_identity, no block
// mixing op families unless @p has one, and, under seeded bugs, passing on
// the fixed port when @p does. The result is 1-minimal unless @max_runs
// ran out first: removing any one step (with without_steps' cascade) or any
// one fault makes it pass or fail differently. Header facts (bugs, expect)
// are kept as they are. If @p itself does not fail with @signature, it is
// returned unchanged. opt.trace is ignored (candidates run without a trace).
//
// With @signature kAnyFailure, any failure will do: the smallest program that
// fails at all, which two failures of one mistake tend to share.
inline constexpr const char *kAnyFailure = "*";
Program minimize(const Program &p, const RunOptions &opt, const std::string &signature,
                 MinimizeStats *stats = nullptr, size_t max_runs = 20000);

// @p without the steps marked in @drop (missing entries count as false), and
// without every later step that uses a handle created by a removed step
// (transitively: dev_add(u0) goes with u0, and so do the users of its dev).
// Later handle arguments are renumbered so that the result is valid: an index
// above a removed handle of the same kind shifts down. A handle argument that
// names no handle created earlier (an invalid @p) also drops its step.
Program without_steps(const Program &p, const std::vector<bool> &drop);

// @p without the faults whose flat index (in step order) is marked in @drop.
Program without_faults(const Program &p, const std::vector<bool> &drop);

// Total number of faults over the steps of @p.
size_t count_faults(const Program &p);

} // namespace lu
