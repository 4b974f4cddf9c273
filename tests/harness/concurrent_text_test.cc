// Concurrent blocks and their schedules in the `.lu` format and in the
// minimizer's step removal: round trips, errors with line:col, and schedules
// that follow their blocks when steps go.
#include <gtest/gtest.h>

#include "lu_text.h"
#include "minimize.h"
#include "test_support.h"

namespace lu {
namespace {

constexpr const char *kBlock = R"(# lu-repro v1
f0 = file_open()
d0 = domain_alloc(f0)
d1 = domain_alloc(f0)
file_preserve(f0)
concurrent {
  t0: domain_unpreserve(d0)
  t1: domain_unpreserve(d1)
  t0: domain_preserve(d0)
}
schedule: t0:start t1:start t1:lock t0:lock t0:unlock
file_unpreserve(f0)
concurrent {
  t1: domain_unpreserve(d1)
  t0: domain_preserve(d0)
}
)";

TEST(ConcurrentText, BlocksAndSchedulesRoundTrip) {
    const Program p = test::must_parse(kBlock);
    ASSERT_EQ(p.steps.size(), 10u);
    EXPECT_EQ(p.steps[4].thread, 1);
    EXPECT_EQ(p.steps[5].thread, 2);
    EXPECT_EQ(p.steps[6].thread, 1);
    EXPECT_EQ(p.steps[7].thread, 0);
    ASSERT_EQ(p.schedules.size(), 2u);
    ASSERT_EQ(p.schedules[0].size(), 5u);
    EXPECT_EQ(p.schedules[0][2], (SchedChoice{1, LU_SCHED_lock}));
    EXPECT_EQ(p.schedules[0][0], (SchedChoice{0, kSchedStart}));
    EXPECT_TRUE(p.schedules[1].empty());
    EXPECT_EQ(concurrent_blocks(p), (std::vector<std::pair<size_t, size_t>>{{4, 7}, {8, 10}}));
    EXPECT_EQ(test::must_parse(print(p)), p);
    EXPECT_EQ(print(test::must_parse(print(p))), print(p));
}

struct BadBlock {
    std::string text;
    int line, col;
    const char *message;
};

void PrintTo(const BadBlock &b, std::ostream *os) {
    *os << b.line << ":" << b.col << " " << b.message;
}

class ConcurrentTextErrors : public ::testing::TestWithParam<BadBlock> {};

const std::string kTwoDomains = "# lu-repro v1\nf0 = file_open()\nd0 = domain_alloc(f0)\n"
                                "d1 = domain_alloc(f0)\n";

TEST(ConcurrentText, BlocksMixingFamiliesAreTold) {
    const std::string objects = "  t0: domain_preserve(d0)\n  t1: domain_unpreserve(d1)\n";
    EXPECT_FALSE(mixes_block_families(test::must_parse(kTwoDomains + "concurrent {\n" + objects +
                                                       "}\nf1 = file_open()\nconcurrent {\n  "
                                                       "t0: file_preserve(f0)\n}\n")));
    EXPECT_TRUE(mixes_block_families(test::must_parse(kTwoDomains + "concurrent {\n" + objects +
                                                      "  t2: file_preserve(f0)\n}\n")));
    // A churn is in no family.
    EXPECT_FALSE(mixes_block_families(
        test::must_parse(kTwoDomains + "concurrent {\n  t0: domain_churn(d0, 2)\n}\n")));
}

TEST(ConcurrentText, ChurnKeepsABlockOfItsOwn) {
    for (const char *block :
         {"  t0: domain_churn(d0, 3)\n", "  t0: domain_churn(d0, 3)\n  t0: domain_preserve(d1)\n",
          "  t1: domain_preserve(d1)\n  t1: domain_churn(d0, 2)\n"}) {
        const std::string text = kTwoDomains + "concurrent {\n" + block + "}\n";
        EXPECT_TRUE(parse(text, "c.lu")) << text;
    }
}

TEST_P(ConcurrentTextErrors, AreLocated) {
    const BadBlock &b = GetParam();
    ParseResult r = parse(b.text, "b.lu");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, b.line) << r.error.str();
    EXPECT_EQ(r.error.col, b.col) << r.error.str();
    EXPECT_NE(r.error.message.find(b.message), std::string::npos) << r.error.str();
}

INSTANTIATE_TEST_SUITE_P(
    All, ConcurrentTextErrors,
    ::testing::Values(
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t0: d0 = domain_alloc(f0)\n}\n",
                 4, 7, "cannot run in a concurrent block"},
        BadBlock{"# lu-repro v1\nconcurrent {\n  t0: kexec()\n}\n", 3, 7,
                 "cannot run in a concurrent block"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t0: file_preserve(f0)\n", 3, 1,
                 "never closed"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nschedule: t0\n", 3, 1, "must follow"},
        BadBlock{"# lu-repro v1\nconcurrent {\n}\n", 3, 1, "empty concurrent block"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  file_preserve(f0)\n}\n", 4, 3,
                 "'tN: step'"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t9: file_preserve(f0)\n}\n", 4,
                 3, "at most 8 threads"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t0: file_preserve(f0)\n}\n"
                 "schedule: t0:lock t1:nap\n",
                 6, 22, "unknown scheduling point 'nap'"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t0: file_preserve(f0)\n}\n"
                 "schedule: x0\n",
                 6, 11, "a schedule choice is"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t0: file_preserve(f0)\n}\n"
                 "concurrent {\n  t0: file_unpreserve(f0)\n}\n",
                 6, 1, "need a step between them"},
        BadBlock{"# lu-repro v1\nf0 = file_open()\nconcurrent {\n  t0: file_preserve(f0\n}\n", 4,
                 23, "opened at column 20"},
        // A churn races nothing: alone in its block, or beside its own thread's
        // steps only (see ChurnKeepsABlockOfItsOwn).
        BadBlock{kTwoDomains + "concurrent {\n  t0: domain_churn(d0, 3)\n  t1: "
                               "domain_preserve(d1)\n}\n",
                 7, 7, "cannot share a concurrent block with another thread that churns (t0)"},
        BadBlock{kTwoDomains + "concurrent {\n  t1: domain_preserve(d1)\n  t0: "
                               "domain_churn(d0, 2)\n}\n",
                 7, 7, "domain_churn cannot share a concurrent block with another thread:"}),
    [](const ::testing::TestParamInfo<BadBlock> &info) {
        return "case" + std::to_string(info.index);
    });

TEST(ConcurrentText, RemovingAStepKeepsOneSchedulePerBlock) {
    const Program p = test::must_parse(kBlock);
    // Drop the sequential step between the two blocks: they join, and so do
    // their schedules.
    std::vector<bool> drop(p.steps.size(), false);
    drop[7] = true;
    Program q = without_steps(p, drop);
    ASSERT_EQ(concurrent_blocks(q).size(), 1u);
    ASSERT_EQ(q.schedules.size(), 1u);
    EXPECT_EQ(q.schedules[0], p.schedules[0]);
    EXPECT_EQ(test::must_parse(print(q)), q);
    // Drop the whole second block: its schedule goes with it.
    drop.assign(p.steps.size(), false);
    drop[8] = drop[9] = true;
    q = without_steps(p, drop);
    ASSERT_EQ(q.schedules.size(), 1u);
    EXPECT_EQ(test::must_parse(print(q)), q);
}

} // namespace
} // namespace lu
