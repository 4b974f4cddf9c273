// The naive random tester lu-check is measured against: ops drawn uniformly
// from the vocabulary with uniform arguments (any existing handle, any value
// in range), uniform faults, and random concurrent blocks. No boundary bias,
// no preconditions, no fail-nth loop: the baseline of `lu mutants --baseline`.
#pragma once

#include "gen.h"
#include "program.h"

namespace lu {

Program generate_naive(Choices &c, size_t max_steps = 40);

} // namespace lu
