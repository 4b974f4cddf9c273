// Round trips of the `.lu` text format (harness/lu_text.h): hand-written
// programs covering every op, fault form and header fact, the canonical form
// print(parse(t)), parse_file on real files, and seeded random programs.
// The error diagnostics are tested in lu_text_errors_test.cc.
#include <gtest/gtest.h>

#include "test_support.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "lu_text.h"

namespace lu {
namespace {

using test::must_parse;

void expect_round_trip(const Program &p) {
    std::string t = print(p);
    ParseResult r = parse(t, "rt.lu");
    ASSERT_TRUE(r) << r.error.str() << "\n--- text:\n" << t;
    EXPECT_EQ(*r.program, p) << t;
    EXPECT_EQ(print(*r.program), t);
}

Step step(Op op, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, std::vector<Fault> f = {}) {
    return Step{op, {a0, a1, a2}, std::move(f)};
}

constexpr const char *kExample = R"(# lu-repro v1
# bugs: v2
# expect: fail differential:domain_preserve
# any other comment line
f0 = file_open()
u0 = unit_add()
v0 = dev_add(u0, 0x0100)
d0 = domain_alloc(f0)
domain_map(d0, 0x40000, 4)
dev_attach(v0, d0)
file_preserve(f0)
domain_preserve(d0)  (fail: kho_alloc_preserve#1, drv_domain_preserve#2+)
kexec()              # trailing comments are allowed
dev_restore(v0)
)";

TEST(LuText, ParsesTheExample) {
    Program p = must_parse(kExample);
    EXPECT_EQ(p.bugs, "v2");
    EXPECT_EQ(p.expect, "fail differential:domain_preserve");
    ASSERT_EQ(p.steps.size(), 10u);
    EXPECT_EQ(p.steps[2], step(Op::dev_add, 0, 0x100));
    EXPECT_EQ(p.steps[4], step(Op::domain_map, 0, 0x40000, 4));
    EXPECT_EQ(p.steps[7], step(Op::domain_preserve, 0, 0, 0,
                               {{LU_SITE_kho_alloc_preserve, 1, false},
                                {LU_SITE_drv_domain_preserve, 2, true}}));
    EXPECT_EQ(p.steps[8], step(Op::kexec));
    expect_round_trip(p);
}

TEST(LuText, PrintsTheCanonicalForm) {
    const char *messy = "\n\n# lu-repro v1   \r\n"
                        "#expect:   fail   x:y\n"
                        "#   bugs:  v2 ,cap_gt\t\n"
                        "\tf0=file_open( )# open\n"
                        "  # comment\n"
                        "d0 =domain_alloc ( f0 )\n"
                        "domain_map(d0,262144,0x10)(fail:kzalloc#007+,alloc_pages#3)\n"
                        "u0 = unit_add()\r\n"
                        "v0 = dev_add(u0, 0XaB)\n";
    const char *canonical = "# lu-repro v1\n"
                            "# bugs: v2,cap_gt\n"
                            "# expect: fail x:y\n"
                            "f0 = file_open()\n"
                            "d0 = domain_alloc(f0)\n"
                            "domain_map(d0, 0x40000, 16)  (fail: kzalloc#7+, alloc_pages#3)\n"
                            "u0 = unit_add()\n"
                            "v0 = dev_add(u0, 0x00ab)\n";
    Program p = must_parse(messy);
    EXPECT_EQ(print(p), canonical);
    EXPECT_EQ(must_parse(canonical), p);
    EXPECT_EQ(print(must_parse(print(p))), canonical);
}

TEST(LuText, RoundTripsEveryOp) {
    Program p;
    p.expect = "pass";
    p.steps = {
        step(Op::file_open),
        step(Op::file_open),
        step(Op::unit_add),
        step(Op::dev_add, 0, 0),
        step(Op::dev_add, 0, 0xffff),
        step(Op::domain_alloc, 1),
        step(Op::domain_alloc_nolu, 0),
        step(Op::domain_map, 1, arg_max(Arg::iova), arg_max(Arg::pages)),
        step(Op::domain_map, 0, 0, 0),
        step(Op::dev_attach, 1, 0),
        step(Op::domain_preserve, 0),
        step(Op::domain_unpreserve, 0),
        step(Op::dev_preserve, 1),
        step(Op::dev_unpreserve, 1),
        step(Op::domain_churn, 0, arg_max(Arg::count)),
        step(Op::dev_churn, 1, 1),
        step(Op::file_preserve, 1),
        step(Op::file_unpreserve, 1),
        step(Op::domain_free, 1),
        step(Op::kexec),
        step(Op::unit_restore, 0),
        step(Op::dev_restore, 1),
        step(Op::file_retrieve, 0),
        step(Op::file_finish, 0),
    };
    std::vector<bool> seen(kNumOps);
    for (const Step &s : p.steps) seen[size_t(s.op)] = true;
    for (int i = 0; i < kNumOps; i++) EXPECT_TRUE(seen[i]) << kOpInfo[i].name;
    expect_round_trip(p);
    EXPECT_NE(print(p).find("v1 = dev_add(u0, 0xffff)\n"), std::string::npos);
    EXPECT_NE(print(p).find("domain_map(d1, 0xffffffffff, 1048576)\n"), std::string::npos);
    EXPECT_NE(print(p).find("d1 = domain_alloc_nolu(f0)\n"), std::string::npos);
}

TEST(LuText, RoundTripsEveryFaultForm) {
    Program p;
    p.bugs = "fixed";
    p.steps.push_back(step(Op::kexec));
    for (int s = 0; s < LU_NR_SITES; s++) {
        auto site = static_cast<lu_site>(s);
        p.steps.push_back(step(Op::kexec, 0, 0, 0, {{site, 1, false}}));
        p.steps.push_back(step(Op::kexec, 0, 0, 0, {{site, kMaxFaultNth, true}}));
    }
    std::vector<Fault> full;
    for (size_t i = 0; i < kMaxFaultsPerStep; i++)
        full.push_back({static_cast<lu_site>(i % LU_NR_SITES), uint32_t(i + 1), i % 2 == 0});
    p.steps.push_back(step(Op::kexec, 0, 0, 0, full));
    expect_round_trip(p);
    EXPECT_NE(print(p).find("kexec()  (fail: drv_device_preserve#1048576+)\n"), std::string::npos);
}

TEST(LuText, EmptyProgramAndHeaderOnly) {
    expect_round_trip(Program{});
    EXPECT_EQ(print(Program{}), "# lu-repro v1\n");
    EXPECT_EQ(must_parse("# lu-repro v1"), Program{});
    Program p;
    p.bugs = "luo_gen_a,v2_double_preserve";
    p.expect = "fail oracle:chain_walk";
    expect_round_trip(p);
}

TEST(LuText, CrlfIsAccepted) {
    std::string lf = kExample, crlf;
    for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(must_parse(crlf), must_parse(lf));
}

TEST(LuText, PrintStepAndHandleNames) {
    EXPECT_EQ(handle_name(Arg::domain, 3), "d3");
    EXPECT_EQ(handle_name(Arg::dev, 0), "v0");
    EXPECT_EQ(handle_name(Arg::unit, 12), "u12");
    EXPECT_EQ(handle_name(Arg::file, 1), "f1");
    Step s = step(Op::domain_alloc, 2, 0, 0, {{LU_SITE_kzalloc, 2, true}});
    EXPECT_EQ(print_step(s, 5), "d5 = domain_alloc(f2)  (fail: kzalloc#2+)");
    EXPECT_EQ(print_step(s, -1), "domain_alloc(f2)  (fail: kzalloc#2+)");
    EXPECT_EQ(print_step(step(Op::dev_add, 1, 0x3), 0), "v0 = dev_add(u1, 0x0003)");
    EXPECT_EQ(print_step(step(Op::file_finish, 4), 7), "file_finish(f4)");
}

// A file that exists exactly as long as the test that made it.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string &contents) {
        path =
            std::filesystem::temp_directory_path() /
            ("lu_text_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".lu");
        std::ofstream(path, std::ios::binary) << contents;
    }
    ~TempFile() { std::filesystem::remove(path); }
};

TEST(LuTextFile, ReadsAFile) {
    TempFile f(kExample);
    ParseResult r = parse_file(f.path);
    ASSERT_TRUE(r) << r.error.str();
    EXPECT_EQ(*r.program, must_parse(kExample));
}

TEST(LuTextFile, ErrorsNameTheFile) {
    TempFile f("# lu-repro v1\nkexec()\nkexec(\n");
    ParseResult r = parse_file(f.path);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.str(), f.path.string() + ":3:7: missing ')' to close the argument list "
                                               "opened at column 6");
}

TEST(LuTextFile, MissingFile) {
    ParseResult r = parse_file("/nonexistent/dir/x.lu");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, 0);
    EXPECT_EQ(r.error.col, 0);
    EXPECT_EQ(r.error.str(), "/nonexistent/dir/x.lu: cannot open: No such file or directory");
}

TEST(LuTextFile, Directory) {
    ParseResult r = parse_file(std::filesystem::temp_directory_path());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, 0);
    EXPECT_NE(r.error.message.find("is a directory"), std::string::npos) << r.error.str();
}

TEST(LuTextFile, SizeLimit) {
    // Exactly at the limit: 16384 comment lines of 1024 bytes each.
    std::string big = "# lu-repro v1\n";
    std::string comment = "#" + std::string(1022, 'x') + "\n";
    while (big.size() + comment.size() <= kMaxFileBytes) big += comment;
    big += std::string(kMaxFileBytes - big.size() - 1, '#') + "\n";
    ASSERT_EQ(big.size(), kMaxFileBytes);
    {
        TempFile f(big);
        ParseResult r = parse_file(f.path);
        EXPECT_TRUE(r) << r.error.str();
    }
    TempFile f(big + "\n");
    ParseResult r = parse_file(f.path);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, 0);
    EXPECT_EQ(r.error.col, 0);
    EXPECT_NE(r.error.message.find("larger than 16 MiB"), std::string::npos) << r.error.str();
}

} // namespace
} // namespace lu
