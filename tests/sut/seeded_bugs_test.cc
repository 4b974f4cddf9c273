// Every seeded-bug switch of sut/lu/bugs.h changes what the port does: each
// scenario (seeded_bugs_cases.cc) runs once on a fixed world and once with its
// switch on; the digests must differ, the buggy one must show the defect's
// specific symptom, and the fixed run must be clean (no event, not dead).
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "seeded_bugs_cases.h"
#include "test_util.h"

namespace lu::test {

void PrintTo(const BugCase &c, std::ostream *os) { *os << c.name; }

namespace {

using sut::World;

bool has_token(const std::string &digest, const std::string &token) {
    std::istringstream in(digest);
    std::string t;
    while (in >> t)
        if (t == token) return true;
    return false;
}

std::string run_case(const BugCase &c, World &w) {
    std::string digest = c.run(w); // before outcome(w): '+' would not sequence them
    return digest + outcome(w);
}

class SeededBug : public ::testing::TestWithParam<BugCase> {};

TEST_P(SeededBug, ChangesObservableBehaviour) {
    const BugCase &c = GetParam();
    SCOPED_TRACE(std::string(c.name) + ": " + c.scenario);
    World fixed(c.baseline);
    World buggy(c.baseline | sut::bug_mask({c.bug}));
    const std::string a = run_case(c, fixed), b = run_case(c, buggy);

    EXPECT_NE(a, b) << "the switch changed nothing: " << a;
    // No scenario expects a WARN or any other event in the fixed world.
    EXPECT_FALSE(fixed.dead()) << events_text(fixed);
    EXPECT_EQ(fixed.events_total(), 0u) << events_text(fixed);
    for (const std::string &t : c.fixed_has)
        EXPECT_TRUE(has_token(a, t)) << "fixed digest lacks " << t << ": " << a;
    for (const std::string &t : c.buggy_has) {
        EXPECT_TRUE(has_token(b, t)) << "buggy digest lacks " << t << ": " << b << "\n"
                                     << events_text(buggy);
        EXPECT_FALSE(has_token(a, t)) << t << " does not tell the runs apart: " << a;
    }
}

INSTANTIATE_TEST_SUITE_P(AllSwitches, SeededBug, ::testing::ValuesIn(seeded_bug_cases()),
                         [](const ::testing::TestParamInfo<BugCase> &info) {
                             return std::string(info.param.name);
                         });

TEST(SeededBugTable, HasOneCasePerSwitch) {
    const auto &cases = seeded_bug_cases();
    ASSERT_EQ(cases.size(), size_t(LU_NR_BUGS));
    std::set<int> seen;
    for (size_t i = 0; i < cases.size(); i++) {
        const BugCase &c = cases[i];
        EXPECT_EQ(c.bug, lu_bug(i));
        EXPECT_STREQ(c.name, lu_bug_info[i].name);
        EXPECT_FALSE(c.buggy_has.empty()) << c.name << " has no specific expectation";
        EXPECT_FALSE(c.baseline & sut::bug_mask({c.bug})) << c.name << " is in its own baseline";
        seen.insert(c.bug);
    }
    EXPECT_EQ(seen.size(), size_t(LU_NR_BUGS));
    static_assert(LU_NR_BUGS <= 64, "bug masks are 64 bits");
}

TEST(SeededBugTable, V2SetIsTheV2DefectsPlusGenerationA) {
    EXPECT_EQ(lu_bug_info[LU_BUG_luo_gen_a].set, LU_SET_MODE);
    uint64_t mask = sut::bug_mask({LU_BUG_luo_gen_a});
    for (int i = 0; i < LU_NR_BUGS; i++)
        if (lu_bug_info[i].set == LU_SET_V2) mask |= sut::bug_mask({lu_bug(i)});
    EXPECT_EQ(sut::bug_set_v2(), mask);
    uint64_t parsed = 0;
    std::string error;
    ASSERT_TRUE(sut::parse_bugs("v2", &parsed, &error)) << error;
    EXPECT_EQ(parsed, mask);
}

} // namespace
} // namespace lu::test
