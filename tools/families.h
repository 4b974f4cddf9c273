// The property families a run can draw programs from: sequential programs
// with faults, the fail-nth loop, concurrent blocks under random or PCT
// scheduling, and exhaustive exploration of small blocks. Program i of a
// family under a seed is always the same program, whoever runs it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "executor.h"
#include "gen.h"
#include "program.h"

namespace lu::tools {

struct Family {
    std::string name;
    GenConfig gen;
    std::string strategy = "none"; // for concurrent blocks: random, pct or none
    bool fail_nth = false;         // after a clean run, the fail-nth loop
    bool explore = false;          // every interleaving of the first block
    size_t explore_max_runs = 300;
    bool naive = false; // programs from the naive random tester, not the generator
};

// The naive random tester as a family: the baseline lu-check is measured against.
Family naive_family();

// The named families, in the order a nightly visits them.
const std::vector<Family> &families();
// nullptr when there is no family of that name.
const Family *family_by_name(const std::string &name);

struct Outcome {
    Program program; // the failing one (schedules and fault included) when !verdict.ok
    Verdict verdict;
    size_t runs = 0;  // program runs, fail-nth and exploration runs included
    size_t steps = 0; // steps of the first run
    // Runs that stopped at a block whose linearizability search ran out of
    // budget (Verdict::inconclusive).
    size_t inconclusive = 0;
};

// Which family runs next: the one that has used the least time so far, so
// that each gets an equal share of the time whatever its programs cost (a
// fail-nth or exploration program costs many plain ones). Ties go to the
// lowest index, so the order is the same on every machine until timings differ.
class FairShare {
  public:
    explicit FairShare(size_t n) : used_(n, 0.0) {}
    size_t next() const {
        size_t best = 0;
        for (size_t i = 1; i < used_.size(); i++)
            if (used_[i] < used_[best]) best = i;
        return best;
    }
    void charge(size_t f, double seconds) { used_[f] += seconds; }

  private:
    std::vector<double> used_;
};

// The seed of program @i of a run seeded with @seed.
uint64_t program_seed(uint64_t seed, size_t i);

// Generate program @i of @f under @seed and check it with @ro (its bugs;
// the family sets the strategy and scheduling seed). @program_bugs is written
// into the program's `# bugs:` header.
Outcome run_family(const Family &f, uint64_t seed, size_t i, const RunOptions &ro,
                   const std::string &program_bugs);

} // namespace lu::tools
