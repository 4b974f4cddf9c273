// The failures a run has found, one per signature: the first program to fail
// with a signature is minimized and written atomically as DIR/<signature>.lu;
// later ones only count. The shrinking itself (make_reproducer) is shared by
// check, minimize, nightly and mutants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "executor.h"
#include "minimize.h"
#include "program.h"

namespace lu::tools {

// A failing program as a reproducer: minimized with its failure's signature,
// `# expect: fail SIGNATURE` set, and the preemptions its run holds.
struct Reproducer {
    Program program;
    MinimizeStats stats;
    size_t preemptions = 0;
    Verdict verdict; // the reproducer's own run: its step numbers and handles
};
Reproducer make_reproducer(const Program &failing, const Verdict &v, const RunOptions &ro);

struct Finding {
    std::string signature;
    std::string family;  // the property family that found it first
    std::string detail;  // describe() of the first failure
    std::string path;    // the minimized reproducer
    size_t index = 0;    // the program's index in its run
    size_t count = 0;    // programs that failed with this signature
    size_t steps_before = 0, steps_after = 0;
    size_t preemptions = 0; // of the minimized reproducer's run
    Program minimized;
};

class Findings {
  public:
    // Reproducers go to @dir (created when the first one is written).
    Findings(std::string dir, const RunOptions &ro) : dir_(std::move(dir)), ro_(ro) {}

    // Record a failing program. For a new signature: minimize, save and
    // return the finding; for a known one, count it and return nullptr. A
    // reproducer that cannot be written is an error: @error is set.
    const Finding *add(const Program &failing, const Verdict &v, const std::string &family,
                       size_t index, std::string *error);

    const std::map<std::string, Finding> &all() const { return found_; }
    size_t failures() const { return failures_; }

  private:
    std::string dir_;
    RunOptions ro_;
    std::map<std::string, Finding> found_;
    size_t failures_ = 0;
};

// A signature as a file name: letters, digits and '-' kept, others '_'.
std::string signature_file_name(const std::string &signature);

} // namespace lu::tools
