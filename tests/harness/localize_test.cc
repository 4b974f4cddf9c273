// Fault localization: steps record the implementation's lines only while a
// run asks for them, a passing program has no suspects, and a seeded bug's
// reproducer puts the bug's own line first.
#include <gtest/gtest.h>

#include <fstream>

#include "executor.h"
#include "localize.h"
#include <sut.h>

#include "test_support.h"

namespace lu {
namespace {

constexpr const char *kDoubleDevicePreserve = R"(# lu-repro v1
f0 = file_open()
u0 = unit_add()
d0 = domain_alloc(f0)
v0 = dev_add(u0, 0x0100)
dev_attach(v0, d0)
file_preserve(f0)
dev_preserve(v0)
dev_preserve(v0)
)";

// The text of line @n of @file, empty when there is none.
std::string line_of(const std::string &file, int n) {
    std::ifstream in(file);
    std::string text;
    for (int k = 1; std::getline(in, text); k++)
        if (k == n) return text;
    return "";
}

TEST(Localize, StepsRecordTheirLinesOnlyWhenAsked) {
    ASSERT_TRUE(sut::spectrum_available()) << "this build has no line spectra";
    const Program p = test::must_parse(kDoubleDevicePreserve);
    std::vector<std::vector<uintptr_t>> spectrum;
    RunOptions opt;
    opt.spectrum = &spectrum;
    ASSERT_TRUE(run_program(p, opt).ok);
    ASSERT_EQ(spectrum.size(), p.steps.size());
    EXPECT_FALSE(spectrum[5].empty()) << "file_preserve runs the series' code";
    EXPECT_FALSE(spectrum[6].empty()) << "dev_preserve runs the series' code";
    std::set<std::string> files;
    for (const sut::SourceLine &l : sut::symbolize(spectrum[6])) files.insert(l.file);
    EXPECT_TRUE(std::any_of(files.begin(), files.end(), [](const std::string &f) {
        return f.find("drivers/iommu/liveupdate") != std::string::npos;
    }));
    RunOptions quiet;
    ASSERT_TRUE(run_program(p, quiet).ok);
    EXPECT_TRUE(sut::spectrum_take().empty()) << "nothing is recorded outside a run that asks";
}

TEST(Localize, APassingProgramHasNoSuspects) {
    const Localization loc = localize(test::must_parse(kDoubleDevicePreserve), RunOptions{});
    EXPECT_TRUE(loc.suspects.empty());
    EXPECT_EQ(loc.none, "the run passes");
}

TEST(Localize, TheSeededLineOfADoubleDevicePreserveComesFirst) {
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_v2_double_device_preserve});
    const Localization loc = localize(test::must_parse(kDoubleDevicePreserve), opt);
    ASSERT_FALSE(loc.suspects.empty()) << loc.none;
    EXPECT_GE(loc.failing, 1u);
    EXPECT_GT(loc.passing, 10u) << "the neighbours' and the generated programs' steps";
    const Suspect &top = loc.suspects[0];
    EXPECT_NE(line_of(top.where.file, top.where.line).find("LU_BUG(v2_double_device_preserve)"),
              std::string::npos)
        << suspect_text(top.where);
    EXPECT_GT(top.score, 0.0);
    EXPECT_LE(top.score, 1.0);
    for (size_t k = 1; k < loc.suspects.size(); k++)
        EXPECT_LE(loc.suspects[k].score, loc.suspects[k - 1].score) << "best first";
    EXPECT_EQ(suspect_text(top.where).rfind("iommu_preserve_device() at drivers/iommu/", 0), 0u)
        << suspect_text(top.where);
}

} // namespace
} // namespace lu
