// A program's work and memory budget (harness/budget.h): the .lu parser
// refuses the step that goes over it, naming its line and column and the
// limit; the byte decoder and the generator never produce a program past it;
// a map the port refuses costs nothing.
#include <gtest/gtest.h>

#include <string>

#include "budget.h"
#include "gen.h"
#include "lu_text.h"
#include "program_bytes.h"

namespace lu {
namespace {

const std::string H = "# lu-repro v1\n"
                      "f0 = file_open()\n"
                      "d0 = domain_alloc(f0)\n"
                      "d1 = domain_alloc(f0)\n";

std::string repeat(const std::string &line, int n) {
    std::string t;
    for (int i = 0; i < n; i++) t += line;
    return t;
}

TEST(Budget, ChurnUpToTheLimitParses) {
    const std::string t = H + repeat("domain_churn(d0, 1000)\n", 100);
    ParseResult r = parse(t, "t.lu");
    ASSERT_TRUE(r) << r.error.str();
    EXPECT_FALSE(over_budget(*r.program));
}

TEST(Budget, ChurnPastTheLimitNamesItsLine) {
    const std::string t = H + repeat("domain_churn(d0, 1000)\n", 100) + "  domain_churn(d1, 1)\n";
    ParseResult r = parse(t, "t.lu");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, 4 + 100 + 1);
    EXPECT_EQ(r.error.col, 3);
    EXPECT_NE(r.error.message.find("churn repetitions would reach 100001"), std::string::npos)
        << r.error.message;
    EXPECT_NE(r.error.message.find("limit of 100000"), std::string::npos) << r.error.message;
}

TEST(Budget, StepInABlockIsChargedWithItsColumn) {
    const std::string t = H + repeat("domain_churn(d0, 1000)\n", 99) +
                          "concurrent {\n"
                          "  t0: domain_churn(d0, 600)\n"
                          "  t0: domain_churn(d1, 401)\n"
                          "}\n";
    ParseResult r = parse(t, "t.lu");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, 4 + 99 + 3);
    EXPECT_EQ(r.error.col, 7);
    EXPECT_NE(r.error.message.find("churn repetitions would reach 100001"), std::string::npos)
        << r.error.message;
}

TEST(Budget, MappedPagesAreBoundedAndRefusedMapsAreFree) {
    std::string t = H;
    for (int i = 0; i < 64; i++)
        t += "domain_map(d0, " + std::to_string(uint64_t(i) << 24) + ", 4096)\n";
    t += repeat("domain_map(d1, 0x1000, 5000)\n", 10); // -EINVAL: nothing mapped
    ParseResult ok = parse(t, "t.lu");
    ASSERT_TRUE(ok) << ok.error.str();
    ParseResult r = parse(t + "domain_map(d1, 0x1000, 1)\n", "t.lu");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.line, 4 + 64 + 10 + 1);
    EXPECT_NE(r.error.message.find("mapped pages would reach 262145"), std::string::npos)
        << r.error.message;
}

TEST(Budget, ChargeLeavesTheBudgetAsItWasWhenAStepDoesNotFit) {
    ProgramBudget b;
    Step s;
    s.op = Op::domain_churn;
    s.args[1] = 1000;
    for (int i = 0; i < 100; i++) ASSERT_FALSE(b.charge(s));
    EXPECT_TRUE(b.charge(s));
    EXPECT_EQ(b.churn, kMaxChurnPerProgram);
    s.op = Op::domain_alloc;
    EXPECT_FALSE(b.charge(s));
}

TEST(Budget, DecoderSkipsStepsPastTheLimit) {
    // 300 churns of 1000 each, encoded, decode to at most the budget's worth.
    Program p;
    p.steps.resize(2);
    p.steps[0].op = Op::file_open;
    p.steps[1].op = Op::domain_alloc;
    for (int i = 0; i < 300; i++) {
        Step s;
        s.op = Op::domain_churn;
        s.args[1] = 1000;
        p.steps.push_back(s);
    }
    ASSERT_TRUE(over_budget(p));
    const Program d = decode_program(encode_program(p));
    EXPECT_FALSE(over_budget(d));
    EXPECT_EQ(d.steps.size(), 2u + 100u);
    const ParseResult r = parse(print(d), "decoded.lu");
    ASSERT_TRUE(r) << r.error.str();
    EXPECT_EQ(*r.program, d);
}

TEST(Budget, GeneratedProgramsStayWithinItEvenWhenLong) {
    GenConfig cfg;
    cfg.min_steps = cfg.max_steps = 12000;
    cfg.block_percent = 10;
    uint64_t most = 0;
    for (unsigned seed = 1; seed <= 8; seed++) {
        SeededChoices c(seed);
        const Program p = generate(c, cfg);
        const auto over = over_budget(p);
        ASSERT_FALSE(over) << "seed " << seed << ": step " << over->first << ": " << over->second;
        ProgramBudget b;
        for (const Step &s : p.steps) b.charge(s);
        most = std::max(most, b.churn);
    }
    // Long programs reach the limit, so the clamp above was exercised.
    EXPECT_EQ(most, kMaxChurnPerProgram);
}

} // namespace
} // namespace lu
