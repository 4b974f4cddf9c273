// The seeded-bug scenarios: one per switch of LU_BUG_TABLE, each driving a
// world and returning a digest of what it saw, with the digest tokens that
// tell the buggy run from the fixed one. Used by seeded_bugs_test.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <sut.h>

namespace lu::test {

struct BugCase {
    lu_bug bug;
    const char *name;     // the switch's name, spelled here (checked against lu_bug_info)
    const char *scenario; // what the scenario does, in a few words
    // Drives the world; returns space-separated "key=value" tokens. The test
    // appends the world's outcome: dead=0|1 and ev.<kind>=N per event kind seen.
    std::function<std::string(sut::World &)> run;
    std::vector<std::string> buggy_has; // tokens only the buggy digest has
    std::vector<std::string> fixed_has; // tokens the fixed digest has
    uint64_t baseline = 0;              // switches on in both runs (e.g. a mode)
};

// In the order of LU_BUG_TABLE, exactly one per switch.
const std::vector<BugCase> &seeded_bug_cases();

// The outcome tokens the test appends to a digest.
std::string outcome(const sut::World &w);

} // namespace lu::test
