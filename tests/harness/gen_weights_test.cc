// The generator's op weights (the before/after columns of LU_OPS): each
// phase draws its ops in proportion to its own column and never an op whose
// weight there is 0; in generated programs, where an op whose handles do not
// exist yet is skipped, no op takes a share far past its weight.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "gen.h"

namespace lu {
namespace {

unsigned weight(const OpInfo &o, bool after) { return after ? o.weight_after : o.weight_before; }

TEST(GenWeights, EachPhaseDrawsInProportionToItsColumn) {
    for (bool after : {false, true}) {
        SeededChoices c(after ? 7 : 3);
        constexpr int kDraws = 200000;
        std::array<int, kNumOps> n{};
        for (int i = 0; i < kDraws; i++) n[size_t(draw_op(c, after))]++;
        unsigned total = 0;
        for (const OpInfo &o : kOpInfo) total += weight(o, after);
        for (int k = 0; k < kNumOps; k++) {
            const double want = double(weight(kOpInfo[k], after)) / total;
            const double got = double(n[k]) / kDraws;
            if (want == 0)
                EXPECT_EQ(n[k], 0) << kOpInfo[k].name << (after ? " after" : " before");
            else
                EXPECT_NEAR(got, want, 0.01) << kOpInfo[k].name << (after ? " after" : " before");
        }
    }
}

TEST(GenWeights, NoOpCrowdsOutTheOthersInGeneratedPrograms) {
    // Sequential programs, no faults: the share of every op among the steps,
    // against its intended share before a kexec (printed for the record).
    GenConfig cfg;
    cfg.fault_percent = 0;
    std::array<size_t, kNumOps> n{};
    size_t steps = 0;
    for (unsigned seed = 1; seed <= 3000; seed++) {
        SeededChoices c(seed);
        for (const Step &s : generate(c, cfg).steps) n[size_t(s.op)]++, steps++;
    }
    unsigned total = 0;
    for (const OpInfo &o : kOpInfo) total += o.weight_before;
    for (int k = 0; k < kNumOps; k++) {
        const double got = double(n[k]) / double(steps);
        std::printf("%-18s intended %5.1f %%  generated %5.1f %%\n",
                    std::string(kOpInfo[k].name).c_str(), 100.0 * kOpInfo[k].weight_before / total,
                    100.0 * got);
        EXPECT_LT(got, 0.25) << kOpInfo[k].name;
    }
    // domain_alloc took 41 % of the steps when the draw fell through to it.
    EXPECT_LT(double(n[size_t(Op::domain_alloc)]) / double(steps), 0.15);
}

} // namespace
} // namespace lu
