// The work and memory one Program may ask of a run. Every producer of
// Programs (the .lu parser, the byte decoder, the generators and the mutator)
// charges each step here before the program exists, so no legal program can
// run for minutes or exhaust memory: the limits hold before anything runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "program.h"

namespace lu {

// Churn repetitions over the whole program. Each repetition preserves anew,
// and every preserve takes a fresh record slot in its chain until the FLB is
// released, so both time and memory grow with the sum (about 12 us and 200
// bytes per repetition).
inline constexpr uint64_t kMaxChurnPerProgram = 100000;
// Pages mapped over the whole program (a map of more than 4096 pages is
// refused by the port and costs nothing).
inline constexpr uint64_t kMaxPagesPerProgram = uint64_t(1) << 18;

struct ProgramBudget {
    uint64_t churn = 0, pages = 0;
    // Charges @s: nullopt when it fits, else why it does not (the budget is
    // then left as it was).
    std::optional<std::string> charge(const Step &s);
};

// The first step of @p that goes over the budget, with the reason.
std::optional<std::pair<size_t, std::string>> over_budget(const Program &p);

} // namespace lu
