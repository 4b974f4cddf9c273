// ProgramBudget (see budget.h): what each step costs, and the message that
// names the limit a step goes over.
#include "budget.h"

namespace lu {
namespace {

constexpr uint64_t kMaxPagesPerMap = 4096; // more is -EINVAL: nothing mapped

} // namespace

std::optional<std::string> ProgramBudget::charge(const Step &s) {
    switch (s.op) {
    case Op::domain_churn:
    case Op::dev_churn:
        if (s.args[1] > kMaxChurnPerProgram - churn)
            return "the program's churn repetitions would reach " +
                   std::to_string(churn + s.args[1]) + ", over the limit of " +
                   std::to_string(kMaxChurnPerProgram) + " per program";
        churn += s.args[1];
        return std::nullopt;
    case Op::domain_map: {
        const uint64_t n = s.args[2] <= kMaxPagesPerMap ? s.args[2] : 0;
        if (n > kMaxPagesPerProgram - pages)
            return "the program's mapped pages would reach " + std::to_string(pages + n) +
                   ", over the limit of " + std::to_string(kMaxPagesPerProgram) + " per program";
        pages += n;
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<std::pair<size_t, std::string>> over_budget(const Program &p) {
    ProgramBudget b;
    for (size_t i = 0; i < p.steps.size(); i++)
        if (auto why = b.charge(p.steps[i])) return std::make_pair(i, std::move(*why));
    return std::nullopt;
}

} // namespace lu
