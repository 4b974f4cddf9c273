// The known-defect baseline of a revision: each reproducer is sorted into
// still present, fixed, or failing otherwise; files of other revisions are
// left out, and a malformed one is an error that names it. Driven with the
// port's seeded bugs standing in for a tree's defects (port only).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <sut.h>

#include "baseline.h"

namespace lu {
namespace {

const char *kDoublePreserve = "f0 = file_open()\nd0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                              "domain_preserve(d0)\ndomain_preserve(d0)\n";

class BaselineDir : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("lu-baseline-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    void write(const std::string &name, const std::string &rev, const std::string &expect,
               const std::string &body = kDoublePreserve) {
        std::ofstream(dir_ / name)
            << "# lu-repro v1\n# kernel: " << rev << "\n# expect: " << expect << "\n"
            << body;
    }
    Baseline replay(const std::string &bugs) {
        RunOptions ro;
        std::string err;
        EXPECT_TRUE(sut::parse_bugs(bugs, &ro.bugs, &err)) << err;
        return replay_baseline(dir_.string(), "rx", ro);
    }
    std::filesystem::path dir_;
};

TEST_F(BaselineDir, SortsPresentFixedAndChanged) {
    write("a.lu", "rx", "fail differential:domain_preserve");
    write("b.lu", "rx", "fail I4-slot:domain_preserve");
    write("c.lu", "other", "fail differential:domain_preserve");
    const Baseline with = replay("v2_double_preserve");
    ASSERT_TRUE(with.error.empty()) << with.error;
    ASSERT_EQ(with.present.size(), 1u);
    EXPECT_EQ(with.present[0].signature, "differential:domain_preserve");
    ASSERT_EQ(with.changed.size(), 1u);
    EXPECT_EQ(with.changed[0].verdict, "differential:domain_preserve");
    EXPECT_TRUE(with.fixed.empty());
    EXPECT_TRUE(with.is_known("differential:domain_preserve"));
    EXPECT_FALSE(with.is_known("I4-slot:domain_preserve"));

    const Baseline without = replay("fixed");
    EXPECT_TRUE(without.present.empty());
    EXPECT_TRUE(without.changed.empty());
    EXPECT_EQ(without.fixed.size(), 2u);
    EXPECT_FALSE(without.is_known("differential:domain_preserve"));
}

TEST_F(BaselineDir, AKnownDefectMustExpectAFailure) {
    write("a.lu", "rx", "pass");
    const Baseline b = replay("fixed");
    EXPECT_NE(b.error.find("a.lu"), std::string::npos) << b.error;
}

TEST_F(BaselineDir, AMalformedFileIsNamed) {
    write("bad.lu", "rx", "fail differential:domain_preserve", "no_such_op()\n");
    const Baseline b = replay("fixed");
    EXPECT_NE(b.error.find("bad.lu:4:"), std::string::npos) << b.error;
}

TEST(Baseline, AMissingFolderIsAnEmptyBaseline) {
    const Baseline b = replay_baseline("/nonexistent/lu-baseline", "rx", RunOptions{});
    EXPECT_TRUE(b.error.empty());
    EXPECT_TRUE(b.present.empty() && b.fixed.empty() && b.changed.empty());
}

} // namespace
} // namespace lu
