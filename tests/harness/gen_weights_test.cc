// The generator's op weights (the before/after columns of LU_OPS): each
// phase draws its ops in proportion to its own column and never an op whose
// weight there is 0; in generated programs, where an op whose handles do not
// exist yet is skipped, no op takes a share far past its weight.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "gen.h"
#include "model_driver.h"

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

// Does @p, run on the model, restore a device whose domain's record is on
// the second or a later page of the domain chain?
bool restores_past_the_first_page(const Program &p) {
    ModelDriver md(false);
    for (const Step &s : p.steps) {
        if (md.apply(s, nullptr).panic) return false;
        if (s.op != Op::dev_restore) continue;
        const int v = md.handle(Arg::dev, s.args[0]);
        if (v < 0) continue;
        const model::Device &dev = md.model().devs[size_t(v)];
        if (dev.restored && dev.restored_slot >= int(model::max_objs(model::Chain::domain)))
            return true;
    }
    return false;
}

TEST(GenWeights, ProgramsRestoreFromLaterChainPages) {
    GenConfig cfg;
    cfg.fault_percent = 0;
    size_t deep = 0;
    constexpr unsigned kPrograms = 2000;
    for (unsigned seed = 1; seed <= kPrograms; seed++) {
        SeededChoices c(seed);
        deep += restores_past_the_first_page(generate(c, cfg));
    }
    std::printf("%zu of %u programs restore a device whose domain record is past page 0\n", deep,
                kPrograms);
    EXPECT_GT(deep, kPrograms / 40); // 13 of 2000 before the deep-chain recipe
}

} // namespace
} // namespace lu
