// The known defects of a revision of the series: minimized reproducers in
// corpus/kernel/<rev>/, each with `# kernel: <rev>` and `# expect: fail SIG`.
// A run on a kernel tree replays them first and sorts them into defects still
// present and defects this tree fixed; only signatures outside the present
// ones fail the run (as syzbot treats a tree's known bugs).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "executor.h"
#include "program.h"

namespace lu {

struct KnownDefect {
    std::string path;      // the reproducer
    std::string signature; // what its `# expect: fail` names
    std::string verdict;   // what this build's run gave: the signature, or "pass"
};

struct Baseline {
    std::string rev, dir;
    std::vector<KnownDefect> present; // fails as expected: the tree still has it
    std::vector<KnownDefect> fixed;   // passes: this tree fixed it
    std::vector<KnownDefect> changed; // fails, but otherwise: a new finding
    std::string error;                // a file that could not be read or parsed

    // Signatures the run reports as known rather than failing.
    std::set<std::string> known() const;
    bool is_known(const std::string &signature) const;
};

// The folder of @rev's baseline in the source tree (may not exist).
std::string baseline_dir(const std::string &rev);
// Replays every `.lu` under @dir whose `# kernel:` names @rev, in file name
// order, under @ro. A folder that does not exist is an empty baseline.
Baseline replay_baseline(const std::string &dir, const std::string &rev, const RunOptions &ro);
// The three groups for people, one line per defect.
std::string describe(const Baseline &b);

} // namespace lu
