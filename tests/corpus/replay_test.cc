// Every reproducer in corpus/repro is a regression test: under the bug set
// its header names it must give the verdict its header expects, and on the
// fixed port it must pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "executor.h"
#include "lu_text.h"
#include <sut.h>

namespace lu {
namespace {

std::vector<std::string> corpus_files() {
    std::vector<std::string> files;
    for (const auto &e : std::filesystem::directory_iterator(LU_CORPUS_DIR))
        if (e.path().extension() == ".lu") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, ReplaysAsItsHeaderSays) {
    ParseResult r = parse_file(GetParam());
    ASSERT_TRUE(r) << r.error.str();
    const Program &p = *r.program;
    ASSERT_FALSE(p.expect.empty()) << "a reproducer states its expected verdict";
    RunOptions opt;
    std::string err;
    ASSERT_TRUE(sut::parse_bugs(p.bugs, &opt.bugs, &err)) << err;
    Verdict v = run_program(p, opt);
    if (p.expect == "pass") {
        EXPECT_TRUE(v.ok) << v.signature << ": " << v.detail;
    } else {
        EXPECT_FALSE(v.ok);
        EXPECT_EQ("fail " + v.signature, p.expect) << v.detail;
    }
    // The same program on the fixed port passes.
    Verdict fixed = run_program(p, RunOptions{});
    EXPECT_TRUE(fixed.ok) << "on fixed: " << fixed.signature << ": " << fixed.detail;
}

TEST(CorpusDir, IsNotEmpty) { EXPECT_GE(corpus_files().size(), 5u); }

std::string test_name(const ::testing::TestParamInfo<std::string> &info) {
    std::string s = std::filesystem::path(info.param).stem().string();
    for (char &c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return s;
}

INSTANTIATE_TEST_SUITE_P(Repro, Corpus, ::testing::ValuesIn(corpus_files()), test_name);

} // namespace
} // namespace lu
