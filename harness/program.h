// The Program: the one artifact of lu-check. A list of steps (an op with its
// arguments and the faults injected while it runs) plus header facts. Every
// property generates Programs, the fuzzer decodes bytes into them, the corpus
// stores them as `.lu` text, and `lu replay` runs them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lu/hooks.h>

#include "ops.h"

namespace lu {

// Fail the nth call (1-based, counted within the step) of a site; when
// persistent, that call and every later call of the site in the run.
struct Fault {
    lu_site site;
    uint32_t nth = 1;
    bool persistent = false;
    bool operator==(const Fault &) const = default;
};

// One scheduling decision in a concurrent block: the thread that runs next,
// and the kind of scheduling point it resumes at (kSchedStart: its first).
struct SchedChoice {
    uint8_t thread = 0;
    uint8_t kind = 0; // an lu_sched_kind, or kSchedStart
    bool operator==(const SchedChoice &) const = default;
};
inline constexpr uint8_t kSchedStart = LU_NR_SCHED_KINDS;
inline constexpr int kMaxThreads = 8;
inline constexpr size_t kMaxSchedule = 100000;

struct Step {
    Op op{};
    // Handle arguments are indices among the handles of their kind created
    // so far (d2 = the third domain_alloc of the program); numbers are values.
    std::array<uint64_t, 3> args{};
    std::vector<Fault> faults;
    // 0: a sequential step. k >= 1: runs on thread t(k-1) of a concurrent
    // block; a block is a maximal run of such steps (in each thread's order).
    uint8_t thread = 0;
    bool operator==(const Step &) const = default;
};

// A `.lu` file's header facts travel with its steps.
struct Program {
    std::vector<Step> steps;
    // `# bugs: SPEC`: fixed, v2, or seeded-bug names, comma-separated with no
    // spaces or empty entries; empty = fixed.
    std::string bugs;
    std::string expect; // `# expect: pass` or `# expect: fail SIGNATURE`; empty = none
    // One schedule per concurrent block, in order (empty: the run chooses).
    std::vector<std::vector<SchedChoice>> schedules;
    bool operator==(const Program &) const = default;
};

// The concurrent blocks of @p as [begin, end) step ranges, in order.
std::vector<std::pair<size_t, size_t>> concurrent_blocks(const Program &p);
// Ops that may run inside a concurrent block: no handle creation, no kexec.
bool allowed_in_block(Op op);
// The ops a concurrent block draws from, by family: preserves and unpreserves
// of domains and devices; files' preserve and unpreserve; the next kernel's
// restores, retrieve and finish. Each op is one critical section of the port
// or splits into the atomic parts the model knows of, so a block of one
// family linearizes. A file's preserve runs its handler's per-domain loop
// after creating the FLB, which the model does not split: a block mixing it
// with the same file's object ops may fail to linearize on a correct port.
enum class BlockFamily : uint8_t { objects, files, restores };
inline constexpr int kNumBlockFamilies = 3;
const std::vector<Op> &block_family(BlockFamily f);
// The BlockFamily of @op, or -1 when it is in none: a generated or decoded
// concurrent block holds ops of one family only, so that it can be
// linearized.
int block_family_of(Op op);
// Whether a concurrent block of @p holds ops of two families.
bool mixes_block_families(const Program &p);

// Limits that every producer of Programs (parser, decoder, generators) keeps.
inline constexpr size_t kMaxSteps = 100000;
inline constexpr size_t kMaxFaultsPerStep = 8;
inline constexpr uint32_t kMaxFaultNth = 1u << 20;

} // namespace lu
