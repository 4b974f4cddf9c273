// `lu check`: a quick property run. Generates programs from a seed, runs each
// against the model, optionally runs the fail-nth loop over them, and turns
// the first failure of each kind into a minimized `.lu` reproducer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace lu::tools {

struct CheckOptions {
    uint64_t seed = 0x5eed;
    size_t first = 0; // index of the first program (to replay one)
    size_t programs = 1000;
    std::string bugs; // empty or "fixed": none
    size_t max_steps = 40;
    unsigned faults = 20;            // percent of steps with an injected fault
    bool fail_nth = false;           // also run the fail-nth loop over every program
    unsigned blocks = 0;             // percent of steps that are concurrent blocks
    std::string strategy = "random"; // for blocks: random, pct or none
    bool keep_going = false;
    bool naive = false; // programs from the naive random tester (the baseline)
    std::string out = "lu-out";
    std::string ktap; // also write the results as KTAP to this file
    bool quiet = false;
};

int check(const CheckOptions &o);

} // namespace lu::tools
