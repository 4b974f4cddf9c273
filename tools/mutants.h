// `lu mutants`: the scoreboard. For every seeded bug switch, hunt it with the
// property families round-robin until the first failure or the budget: which
// family found it, after how many programs and seconds, how short the
// minimized reproducer is and how many preemptions it holds. `--baseline`
// runs the same hunt with the naive random tester for the speed-up ratio.
#pragma once

#include <cstdint>
#include <string>

namespace lu::tools {

struct MutantsOptions {
    std::string budget = "10s"; // per bug
    bool baseline = false;
    std::string bugs;           // comma-separated names; empty: every switch but the modes
    uint64_t seed = 0x5eed;
    std::string out = "lu-mutants";
};

int mutants(const MutantsOptions &o);

} // namespace lu::tools
