// Seeded random tests of the `.lu` format: parse(print(p)) == p for random
// valid Programs (all ops, edge values, faults, header facts), and random
// mutations of printed text never crash the parser, always give a located
// error or a Program whose printed form is canonical.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "lu_text.h"

namespace lu {
namespace {

class Gen {
  public:
    explicit Gen(uint32_t seed) : rng_(seed) {}

    uint64_t below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
    bool one_in(uint64_t n) { return below(n) == 0; }

    // Edge values often, anything in range otherwise.
    uint64_t number(uint64_t max) {
        switch (below(5)) {
        case 0:
            return 0;
        case 1:
            return max;
        case 2:
            return below(std::min<uint64_t>(max, 16) + 1);
        default:
            return std::uniform_int_distribution<uint64_t>(0, max)(rng_);
        }
    }

    Program program() {
        static const char *const kBugs[] = {"", "", "fixed", "v2", "cap_gt", "v2,cap_gt,nr_preinc"};
        static const char *const kExpect[] = {"", "pass", "fail differential:domain_preserve",
                                              "fail crash:BUG@kho"};
        Program p;
        p.bugs = kBugs[below(std::size(kBugs))];
        p.expect = kExpect[below(std::size(kExpect))];
        std::array<uint64_t, kNumHandleKinds> counts{};
        size_t n = below(4) == 0 ? below(200) : below(30);
        while (p.steps.size() < n) {
            Step s;
            s.op = static_cast<Op>(below(kNumOps));
            const OpInfo &info = op_info(s.op);
            bool ok = true;
            for (int a = 0; a < info.nargs && ok; a++) {
                Arg kind = info.args[a];
                if (is_handle(kind)) {
                    uint64_t have = counts[handle_kind_index(kind)];
                    ok = have > 0;
                    if (ok) s.args[a] = one_in(3) ? have - 1 : below(have);
                } else {
                    s.args[a] = number(arg_max(kind));
                }
            }
            if (!ok) continue;
            if (one_in(3)) {
                size_t nf = 1 + below(kMaxFaultsPerStep);
                for (size_t f = 0; f < nf; f++) {
                    uint32_t nth =
                        one_in(4) ? uint32_t(1 + below(kMaxFaultNth)) : uint32_t(1 + below(4));
                    s.faults.push_back({static_cast<lu_site>(below(LU_NR_SITES)), nth, one_in(2)});
                }
            }
            if (info.creates != Arg::none) counts[handle_kind_index(info.creates)]++;
            p.steps.push_back(std::move(s));
        }
        return p;
    }

    // Insert, delete or replace a few bytes, preferring ones the grammar cares about.
    std::string mutate(std::string t) {
        static const char kBytes[] = "()#,:=+ \t\r\n0x1fdvu_9zZ\x01\x7f\x80";
        for (uint64_t m = 1 + below(4); m > 0; m--) {
            size_t at = below(t.size() + 1);
            char c = one_in(8) ? char(below(256)) : kBytes[below(sizeof kBytes - 1)];
            switch (below(3)) {
            case 0:
                t.insert(at, 1, c);
                break;
            case 1:
                if (at < t.size()) t.erase(at, 1 + below(3));
                break;
            default:
                if (at < t.size()) t[at] = c;
            }
        }
        return t;
    }

  private:
    std::mt19937 rng_;
};

TEST(LuTextRandom, PrintThenParseIsIdentity) {
    Gen g(0x5eed);
    size_t steps = 0, faults = 0;
    for (int i = 0; i < 2000; i++) {
        Program p = g.program();
        std::string t = print(p);
        ParseResult r = parse(t, "random.lu");
        ASSERT_TRUE(r) << "program " << i << ": " << r.error.str() << "\n" << t;
        ASSERT_EQ(*r.program, p) << "program " << i << ":\n" << t;
        steps += p.steps.size();
        for (const Step &s : p.steps) faults += s.faults.size();
    }
    EXPECT_GT(steps, 20000u);
    EXPECT_GT(faults, 10000u);
}

TEST(LuTextRandom, MutatedTextNeverBreaksTheParser) {
    Gen g(0xf022);
    int accepted = 0, rejected = 0;
    for (int i = 0; i < 3000; i++) {
        std::string t = g.mutate(print(g.program()));
        ParseResult r = parse(t, "mutant.lu");
        if (!r) {
            rejected++;
            int lines = 1;
            for (char c : t) lines += c == '\n';
            EXPECT_GE(r.error.line, 1) << r.error.str();
            EXPECT_LE(r.error.line, lines) << r.error.str();
            EXPECT_GE(r.error.col, 1) << r.error.str();
            EXPECT_LE(r.error.col, int(kMaxLineBytes) + 1) << r.error.str();
            EXPECT_FALSE(r.error.message.empty());
            continue;
        }
        accepted++;
        std::string canonical = print(*r.program);
        ParseResult again = parse(canonical, "canonical.lu");
        ASSERT_TRUE(again) << again.error.str() << "\n" << canonical;
        EXPECT_EQ(*again.program, *r.program) << canonical;
        EXPECT_EQ(print(*again.program), canonical);
    }
    EXPECT_GT(accepted, 50);
    EXPECT_GT(rejected, 1000);
}

} // namespace
} // namespace lu
