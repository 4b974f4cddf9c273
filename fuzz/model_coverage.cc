// Extra coverage counters (see model_coverage.h). libFuzzer finds the array by
// its section and clears it before every run; without libFuzzer it is only
// an array. LU_MODEL_COVERAGE=0 turns them off (to compare).
#include "model_coverage.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace lu::fuzz {
namespace {

constexpr size_t kPreemptions = size_t(kNumOps) * 32 * 8, kSites = LU_NR_SITES * 16;

__attribute__((used, section("__libfuzzer_extra_counters")))
uint8_t counters[kPreemptions + kSites];

void bump(size_t i) {
    if (counters[i] != 0xff) counters[i]++;
}

} // namespace

void count_model_features(const Program &p, const Verdict &v) {
    static const bool off = [] {
        const char *e = std::getenv("LU_MODEL_COVERAGE");
        return e && std::string(e) == "0";
    }();
    if (off) return;
    const auto blocks = concurrent_blocks(p);
    for (size_t b = 0; b < blocks.size() && b < v.schedules.size(); b++) {
        // The op each thread starts with, and how many points it has passed.
        std::array<int, kMaxThreads> op{}, points{};
        for (size_t i = blocks[b].second; i-- > blocks[b].first;)
            op[p.steps[i].thread - 1] = int(p.steps[i].op);
        int prev = -1;
        for (const SchedChoice &c : v.schedules[b]) {
            const int t = c.thread % kMaxThreads;
            if (prev >= 0 && t != prev) {
                const size_t n = size_t(std::min(points[size_t(prev)], 31));
                bump((size_t(op[size_t(prev)]) * 32 + n) * 8 + c.kind % 8);
            }
            points[size_t(t)]++;
            prev = t;
        }
    }
    for (int s = 0; s < LU_NR_SITES; s++) {
        size_t bucket = 0;
        for (uint32_t calls = v.site_calls[s]; calls && bucket < 15; calls >>= 1) bucket++;
        bump(kPreemptions + size_t(s) * 16 + bucket);
    }
}

} // namespace lu::fuzz
