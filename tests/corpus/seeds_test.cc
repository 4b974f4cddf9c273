// The fuzzers' seeds never drift: corpus/seeds/ holds exactly what `lu encode`
// makes of corpus/repro/ and corpus/scenarios/ today (fuzz/make-seeds.sh or
// ./x seeds regenerate it), and fuzz/fuzz_ops.dict what `lu encode --dict`
// makes of fuzz/fuzz_ops-dict.lu (a file whose blocks mix families, which the
// byte format cannot hold, seeds the parser only). Scenarios pass on the
// fixed port, and the dictionaries cover the whole vocabulary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include <sut.h>

#include "executor.h"
#include "lu_text.h"

namespace lu {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = LU_SOURCE_DIR;
const char *const kRegenerate = "stale: regenerate with ./x seeds (fuzz/make-seeds.sh)";

std::string slurp(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The seed name of each source: "<dir>-<stem>".
std::vector<std::pair<fs::path, std::string>> sources() {
    std::vector<std::pair<fs::path, std::string>> out;
    for (const char *dir : {"repro", "scenarios"})
        for (const auto &e : fs::directory_iterator(kRoot / "corpus" / dir))
            if (e.path().extension() == ".lu")
                out.emplace_back(e.path(), std::string(dir) + "-" + e.path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Runs `lu ARGS` and returns what it wrote to @out.
std::string lu_output(const std::string &args, const fs::path &out) {
    fs::remove(out);
    const std::string cmd =
        std::string(LU_BIN) + " " + args + " -o " + out.string() + " >/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return slurp(out);
}

// Whether `lu encode` refuses @src because its blocks mix families, which
// the fuzzer's byte format cannot hold: such a file is a parser seed only.
bool outside_byte_format(const fs::path &src) {
    const std::string cmd = std::string(LU_BIN) + " encode " + src.string() + " -o /dev/null 2>&1";
    FILE *f = popen(cmd.c_str(), "r");
    std::string out;
    char buf[512];
    for (size_t n; f && (n = fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    const int status = f ? pclose(f) : -1;
    return status != 0 && out.find("does not fit the fuzzer's byte format") != std::string::npos;
}

TEST(Seeds, AreWhatLuEncodeMakesOfTheCorpus) {
    const fs::path tmp = fs::path(::testing::TempDir()) / "seed.bin";
    ASSERT_GE(sources().size(), 15u);
    size_t outside = 0;
    for (const auto &[src, name] : sources()) {
        const fs::path bin = kRoot / "corpus/seeds/fuzz_ops" / (name + ".bin");
        const fs::path text = kRoot / "corpus/seeds/fuzz_lu_parser" / (name + ".lu");
        if (outside_byte_format(src)) {
            outside++;
            EXPECT_FALSE(fs::exists(bin)) << bin << " " << kRegenerate;
            EXPECT_EQ(slurp(text), slurp(src)) << text << " " << kRegenerate;
            continue;
        }
        ASSERT_TRUE(fs::exists(bin)) << bin << " missing: " << kRegenerate;
        EXPECT_EQ(lu_output("encode " + src.string(), tmp), slurp(bin))
            << bin << " " << kRegenerate;
        EXPECT_EQ(slurp(text), slurp(src)) << text << " " << kRegenerate;
    }
    EXPECT_LT(outside, sources().size() / 4) << "most of the corpus seeds fuzz_ops";
}

TEST(Seeds, HaveNoFileWithoutASource) {
    std::set<std::string> names;
    for (const auto &[src, name] : sources()) names.insert(name);
    for (const char *target : {"fuzz_ops", "fuzz_lu_parser"})
        for (const auto &e : fs::directory_iterator(kRoot / "corpus/seeds" / target))
            EXPECT_TRUE(names.count(e.path().stem().string())) << e.path() << " " << kRegenerate;
}

TEST(Seeds, FuzzOpsDictIsWhatLuEncodeMakes) {
    const fs::path tmp = fs::path(::testing::TempDir()) / "fuzz_ops.dict";
    EXPECT_EQ(lu_output("encode --dict " + (kRoot / "fuzz/fuzz_ops-dict.lu").string(), tmp),
              slurp(kRoot / "fuzz/fuzz_ops.dict"))
        << kRegenerate;
}

TEST(Seeds, ScenariosPassOnTheFixedPort) {
    for (const auto &e : fs::directory_iterator(kRoot / "corpus/scenarios")) {
        ParseResult r = parse_file(e.path().string());
        ASSERT_TRUE(r) << r.error.str();
        EXPECT_EQ(r.program->expect, "pass") << e.path();
        EXPECT_TRUE(r.program->bugs.empty()) << e.path() << ": scenarios run on the fixed port";
        const Verdict v = run_program(*r.program, RunOptions{});
        EXPECT_TRUE(v.ok) << e.path() << ": " << v.signature << ": " << v.detail;
    }
}

// Does @dict hold an entry whose value is exactly @token?
bool has_token(const std::string &dict, const std::string &token) {
    return dict.find("=\"" + token + "\"\n") != std::string::npos;
}

TEST(Seeds, DictionariesCoverTheVocabulary) {
    const std::string parser = slurp(kRoot / "fuzz/fuzz_lu_parser.dict");
    const std::string ops_src = slurp(kRoot / "fuzz/fuzz_ops-dict.lu");
    for (const OpInfo &op : kOpInfo) {
        EXPECT_TRUE(has_token(parser, std::string(op.name))) << op.name;
        EXPECT_NE(ops_src.find(std::string(op.name) + "("), std::string::npos) << op.name;
    }
    for (int s = 0; s < LU_NR_SITES; s++)
        EXPECT_TRUE(has_token(parser, lu_site_name(lu_site(s)))) << lu_site_name(lu_site(s));
    for (int k = 0; k < LU_NR_SCHED_KINDS; k++)
        EXPECT_TRUE(has_token(parser, lu_sched_kind_name(lu_sched_kind(k))));
    for (int b = 0; b < LU_NR_BUGS; b++)
        EXPECT_TRUE(has_token(parser, lu_bug_info[b].name)) << lu_bug_info[b].name;
}

} // namespace
} // namespace lu
