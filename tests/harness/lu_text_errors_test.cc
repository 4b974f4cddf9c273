// Diagnostics of the `.lu` parser (harness/lu_text.h): each malformed text
// must be rejected with the exact line:column of the offending token and a
// message that says what is wrong. One table row per case.
#include <gtest/gtest.h>

#include <string>

#include "lu_text.h"

namespace lu {
namespace {

// Five lines that define f0, u0, v0 and d0; the line under test is line 6.
const std::string P = "# lu-repro v1\n"
                      "f0 = file_open()\n"
                      "u0 = unit_add()\n"
                      "v0 = dev_add(u0, 0x0100)\n"
                      "d0 = domain_alloc(f0)\n";
const std::string H = "# lu-repro v1\n";

struct Case {
    const char *name;
    std::string text;
    int line, col;
    const char *message; // a substring of the expected message
};

void PrintTo(const Case &c, std::ostream *os) { *os << c.name; }

const std::string kNineFaults = "kexec()  (fail: kzalloc#1, kzalloc#2, kzalloc#3, kzalloc#4, "
                                "kzalloc#5, kzalloc#6, kzalloc#7, kzalloc#8, kzalloc#9)";

const Case kCases[] = {
    // The header line.
    {"empty_file", "", 1, 1, "empty file: the first line of a .lu file must be '# lu-repro v1'"},
    {"blank_file", "\n  \r\n\t\n", 1, 1, "empty file"},
    {"missing_header", "f0 = file_open()\n", 1, 1, "expected '# lu-repro v1' as the first line"},
    {"header_after_blank_lines", "\n\n  kexec()\n", 3, 3, "expected '# lu-repro v1'"},
    {"comment_before_header", "# hello\n# lu-repro v1\n", 1, 1, "expected '# lu-repro v1'"},
    {"header_with_junk", "# lu-repro v1 extra\n", 1, 1, "expected '# lu-repro v1'"},
    {"bad_version", "# lu-repro v2\n", 1, 12, "unsupported version v2"},
    {"bad_version_big", "# lu-repro v10\nkexec()\n", 1, 12, "unsupported version v10"},
    // Ops and handle names.
    {"unknown_op", P + "d1 = domian_alloc(f0)\n", 6, 6, "unknown op 'domian_alloc'"},
    {"unknown_op_alone", H + "reboot()\n", 2, 1, "unknown op 'reboot'"},
    {"no_op", H + "  = kexec()\n", 2, 3, "expected an op name, got '='"},
    {"no_op_after_eq", H + "f0 = (\n", 2, 6, "expected an op name after '=', got '('"},
    {"missing_paren", H + "kexec\n", 2, 6, "expected '(' after 'kexec', got end of line"},
    {"missing_eq", P + "d1 domain_alloc(f0)\n", 6, 4, "expected '=' or '(' after 'd1'"},
    {"missing_lhs", P + "domain_alloc(f0)\n", 6, 1,
     "domain_alloc creates a domain handle: write 'd1 = domain_alloc(...)'"},
    {"stray_lhs", P + "d1 = domain_map(d0, 0, 1)\n", 6, 1,
     "domain_map returns no handle: drop 'd1 ='"},
    {"out_of_order_name", P + "d2 = domain_alloc(f0)\n", 6, 1,
     "this domain_alloc creates d1, not 'd2' (handles are numbered in creation order)"},
    {"lhs_wrong_kind", P + "v1 = domain_alloc(f0)\n", 6, 1, "creates d1, not 'v1'"},
    {"first_name_not_zero", H + "f1 = file_open()\n", 2, 1, "creates f0, not 'f1'"},
    // Arguments.
    {"too_few_args", P + "domain_map(d0, 0x1000)\n", 6, 22,
     "domain_map takes 3 arguments (domain, iova, pages), got 2"},
    {"too_many_args", P + "domain_free(d0, d0)\n", 6, 17, "domain_free takes 1 argument (domain)"},
    {"args_to_kexec", H + "kexec(1)\n", 2, 7, "kexec takes no arguments"},
    {"wrong_handle_kind", P + "dev_attach(d0, d0)\n", 6, 12,
     "expected a device handle (vN), got 'd0'"},
    {"number_for_handle", P + "domain_free(0)\n", 6, 13, "expected a domain handle (dN), got '0'"},
    {"handle_for_number", P + "domain_map(d0, d0, 1)\n", 6, 16,
     "expected a number (iova), got 'd0'"},
    {"leading_zero_handle", P + "domain_free(d00)\n", 6, 13, "got 'd00'"},
    {"undefined_handle", P + "domain_map(d7, 0, 1)\n", 6, 12,
     "d7 is not defined here (1 domain so far)"},
    {"undefined_none_yet", H + "kexec()\ndomain_free(d0)\n", 3, 13, "(0 domains so far)"},
    {"undefined_huge_index", P + "file_finish(f99999999999999999999)\n", 6, 13,
     "is not defined here (1 file so far)"},
    {"missing_arg", P + "domain_map(d0, , 1)\n", 6, 16, "expected a number (iova), got ','"},
    {"missing_comma", P + "domain_map(d0 0, 1)\n", 6, 15,
     "expected ',' or ')' after an argument, got '0'"},
    {"unterminated_args", P + "domain_map(d0, 0, 1\n", 6, 20,
     "missing ')' to close the argument list opened at column 11"},
    {"unterminated_by_comment", P + "domain_free(d0 # why\n", 6, 16, "missing ')'"},
    // Numbers.
    {"iova_out_of_range", P + "domain_map(d0, 0x10000000000, 1)\n", 6, 16,
     "iova 0x10000000000 is out of range (0..0xffffffffff)"},
    {"bdf_out_of_range", P + "v1 = dev_add(u0, 0x10000)\n", 6, 18,
     "bdf 0x10000 is out of range (0..0xffff)"},
    {"pages_out_of_range", P + "domain_map(d0, 0, 1048577)\n", 6, 19,
     "pages 1048577 is out of range"},
    {"u64_max_decimal", P + "domain_map(d0, 18446744073709551615, 1)\n", 6, 16, "is out of range"},
    {"hex_overflow", P + "domain_map(d0, 0x10000000000000000, 1)\n", 6, 16,
     "'0x10000000000000000' does not fit in 64 bits"},
    {"decimal_overflow", P + "domain_map(d0, 0, 18446744073709551616)\n", 6, 19,
     "does not fit in 64 bits"},
    {"bare_0x", P + "domain_map(d0, 0x, 1)\n", 6, 16, "expected hex digits after '0x'"},
    {"bad_hex", P + "domain_map(d0, 0x12g, 1)\n", 6, 16, "'0x12g' is not a hex number"},
    {"bad_decimal", P + "domain_map(d0, 12ab, 1)\n", 6, 16, "'12ab' is not a number"},
    {"negative", P + "domain_map(d0, -1, 1)\n", 6, 16, "expected a number (iova), got '-'"},
    // Fault annotations.
    {"unknown_site", H + "kexec()  (fail: kmalloc#1)\n", 2, 17, "unknown fault site 'kmalloc'"},
    {"nth_zero", H + "kexec()  (fail: kzalloc#0)\n", 2, 25,
     "call number 0 is out of range (1..1048576)"},
    {"nth_too_big", H + "kexec()  (fail: kzalloc#1048577)\n", 2, 25,
     "call number 1048577 is out of range"},
    {"nth_missing", H + "kexec()  (fail: kzalloc#)\n", 2, 25,
     "expected a call number after '#', got ')'"},
    {"nth_not_decimal", H + "kexec()  (fail: kzalloc#0x1)\n", 2, 25,
     "expected a call number after '#'"},
    {"space_before_hash", H + "kexec()  (fail: kzalloc #1)\n", 2, 24,
     "expected '#N' right after the fault site (e.g. kzalloc#1)"},
    {"too_many_faults", H + kNineFaults + "\n", 2, 105, "too many faults: at most 8 per step"},
    {"not_fail_keyword", H + "kexec()  (fial: kzalloc#1)\n", 2, 11, "expected 'fail:' after '('"},
    {"missing_colon", H + "kexec()  (fail kzalloc#1)\n", 2, 16,
     "expected ':' after 'fail', got 'kzalloc'"},
    {"empty_fault_list", H + "kexec()  (fail: )\n", 2, 17,
     "expected a fault site (SITE#N), got ')'"},
    {"missing_fault_comma", H + "kexec()  (fail: kzalloc#1 kzalloc#2)\n", 2, 27,
     "expected ',' or ')' after a fault, got 'kzalloc'"},
    {"double_plus", H + "kexec()  (fail: kzalloc#1++)\n", 2, 27,
     "expected ',' or ')' after a fault, got '+'"},
    {"trailing_comma", H + "kexec()  (fail: kzalloc#1,)\n", 2, 27, "expected a fault site"},
    {"unterminated_faults", H + "kexec()  (fail: kzalloc#1\n", 2, 26,
     "missing ')' to close the fault annotation opened at column 10"},
    {"two_annotations", H + "kexec()  (fail: kzalloc#1) (fail: kzalloc#2)\n", 2, 28,
     "only one fault annotation per step"},
    {"junk_after_step", H + "kexec() now\n", 2, 9, "unexpected 'now' after the step"},
    // Header facts.
    {"bugs_after_step", P + "# bugs: v2\n", 6, 1, "'# bugs:' must come before the first step"},
    {"expect_after_step", H + "kexec()\n  # expect: pass\n", 3, 3, "'# expect:' must come before"},
    {"duplicate_bugs", H + "# bugs: v2\n# bugs: v2\n", 3, 1, "duplicate '# bugs:' line"},
    {"unknown_bug", H + "# bugs: v2, bogus\n", 2, 13, "unknown bug 'bogus'"},
    {"empty_bug_name", H + "# bugs: v2,,cap_gt\n", 2, 12, "empty bug name"},
    {"empty_bugs", H + "# bugs:\n", 2, 8, "'# bugs:' needs a spec"},
    {"bad_expect", H + "# expect: maybe\n", 2, 11,
     "expected 'pass' or 'fail SIGNATURE', got 'maybe'"},
    {"expect_fail_no_sig", H + "# expect: fail\n", 2, 15, "'fail' needs a signature"},
    {"expect_sig_spaces", H + "# expect: fail a b\n", 2, 18,
     "the signature must not contain spaces"},
    {"expect_pass_sig", H + "# expect: pass x\n", 2, 16, "'pass' takes no signature"},
    // Bytes and sizes.
    {"control_char", H + "kexec()\x01\n", 2, 8, "control character 0x01"},
    {"nul_byte", H + std::string("kex\0ec()\n", 9), 2, 4, "NUL byte"},
    {"del_in_comment", H + "# hi\x7f\n", 2, 5, "control character 0x7f"},
    {"lone_cr", H + "kexec()\rfoo\n", 2, 8, "carriage return not followed by a newline"},
    {"escape_in_header", "# lu-repro\x1b v1\n", 1, 11, "control character 0x1b"},
    {"overlong_line", H + "# " + std::string(5000, 'x') + "\n", 2, 4097, "longer than 4096 bytes"},
};

class LuTextError : public ::testing::TestWithParam<Case> {};

TEST_P(LuTextError, IsLocatedAndExplained) {
    const Case &c = GetParam();
    ParseResult r = parse(c.text, "bad.lu");
    ASSERT_FALSE(r) << "accepted:\n" << c.text;
    EXPECT_EQ(r.error.file, "bad.lu");
    EXPECT_EQ(r.error.line, c.line) << r.error.str();
    EXPECT_EQ(r.error.col, c.col) << r.error.str();
    EXPECT_NE(r.error.message.find(c.message), std::string::npos)
        << r.error.str() << "\n  expected message to contain: " << c.message;
    EXPECT_EQ(r.error.str(), "bad.lu:" + std::to_string(c.line) + ":" + std::to_string(c.col) +
                                 ": " + r.error.message);
}

INSTANTIATE_TEST_SUITE_P(Cases, LuTextError, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return std::string(info.param.name); });

TEST(LuTextLimits, LongestLineIsAccepted) {
    std::string t = H + "kexec()" + std::string(kMaxLineBytes - 7 - 2, ' ') + "#x\r\n";
    EXPECT_TRUE(parse(t, "t.lu")) << parse(t, "t.lu").error.str();
}

TEST(LuTextLimits, TooManySteps) {
    std::string t = H;
    for (size_t i = 0; i < kMaxSteps; i++) t += "kexec()\n";
    ParseResult ok = parse(t, "t.lu");
    ASSERT_TRUE(ok) << ok.error.str();
    EXPECT_EQ(ok.program->steps.size(), kMaxSteps);
    ParseResult r = parse(t + "  kexec()\n", "t.lu");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, int(kMaxSteps) + 2);
    EXPECT_EQ(r.error.col, 3);
    EXPECT_NE(r.error.message.find("too many steps: at most 100000"), std::string::npos);
}

TEST(LuTextLimits, ManyHandlesStayLinear) {
    // 80000 steps creating and using 40000 domains: parsing stays linear.
    std::string t = H + "f0 = file_open()\n";
    for (int i = 0; i < 40000; i++) {
        t += "d" + std::to_string(i) + " = domain_alloc(f0)\n";
        t += "domain_map(d" + std::to_string(i) + ", 0x1000, 1)\n";
    }
    ParseResult r = parse(t, "t.lu");
    ASSERT_TRUE(r) << r.error.str();
    EXPECT_EQ(r.program->steps.size(), 80001u);
}

} // namespace
} // namespace lu
