// Sequential properties: the port matches the model on generated programs
// (with fault plans), the fail-nth loop over generated programs finds
// nothing, the kexec round trip holds, and `.lu` text round-trips. Run under
// RapidCheck; a failure ends as a minimal `.lu` file and a replay command.
#include <cstdlib>
#include <optional>

#include "executor.h"
#include "fail_nth.h"
#include "lu_text.h"
#include <sut.h>

#include "failure_report.h"
#include "program_gen.h"

namespace lu {
namespace {

// The bug set under test: $LU_BUGS (fixed, v2, or names), default fixed.
RunOptions run_options() {
    RunOptions opt;
    const char *env = std::getenv("LU_BUGS");
    std::string err;
    if (env && !sut::parse_bugs(env, &opt.bugs, &err)) ADD_FAILURE() << "LU_BUGS: " << err;
    return opt;
}

GenConfig gen_config(const RunOptions &opt) {
    GenConfig cfg;
    cfg.luo_gen_a = ((opt.bugs | sut::mode_bugs()) >> LU_BUG_luo_gen_a) & 1;
    return cfg;
}

// Runs @prop under RapidCheck, remembering the last failing program (the
// minimal one: RapidCheck runs it last), and reports it our way.
template <typename Prop>
void check_programs(const std::string &name, const GenConfig &cfg, const RunOptions &opt,
                    Prop prop) {
    std::optional<std::pair<Program, Verdict>> last;
    const bool ok = rc::check(name, [&] {
        const Program p = *arbitrary_program(cfg);
        Verdict v = prop(p);
        if (is_known_defect(v)) return;
        if (!v.ok) last.emplace(p, v);
        RC_ASSERT(v.ok);
    });
    if (!ok && last) FAIL() << report_property_failure(name, last->first, opt, last->second);
    EXPECT_TRUE(ok);
}

TEST(Sequential, PortMatchesModel) {
    const RunOptions opt = run_options();
    GenConfig cfg = gen_config(opt);
    check_programs("port_matches_model", cfg, opt,
                   [&](const Program &p) { return run_program(p, opt); });
}

TEST(Sequential, PortMatchesModelUnderHeavyFaults) {
    const RunOptions opt = run_options();
    GenConfig cfg = gen_config(opt);
    cfg.fault_percent = 60;
    check_programs("heavy_faults", cfg, opt, [&](const Program &p) { return run_program(p, opt); });
}

TEST(Sequential, FailNthLoopFindsNothing) {
    const RunOptions opt = run_options();
    GenConfig cfg = gen_config(opt);
    cfg.max_steps = 16;
    cfg.fault_percent = 0;
    check_programs("fail_nth", cfg, opt, [&](const Program &p) {
        FailNthResult r = fail_nth_both(p, opt);
        return r.failed ? r.verdict : Verdict{};
    });
}

TEST(Sequential, KexecRoundTrip) {
    const RunOptions opt = run_options();
    GenConfig cfg = gen_config(opt);
    cfg.kexec_percent = 100;
    cfg.fault_percent = 5;
    check_programs("kexec_round_trip", cfg, opt, [&](const Program &p) {
        Verdict v = run_program(p, opt);
        // The generator ends these programs with a kexec and restores; the
        // executor checks the round trip, translations and frame accounting.
        return v;
    });
}

TEST(Sequential, TextRoundTrips) {
    GenConfig cfg;
    const bool ok = rc::check("text_round_trip", [&] {
        const Program p = *arbitrary_program(cfg);
        ParseResult r = parse(print(p), "generated");
        RC_ASSERT(bool(r));
        RC_ASSERT(*r.program == p);
    });
    EXPECT_TRUE(ok);
}

// The properties must be able to fail: under the real v2 defects they do,
// and the report names a minimal program.
TEST(Sequential, FindsTheV2Defects) {
    RunOptions opt;
    std::string err;
    ASSERT_TRUE(sut::parse_bugs("v2", &opt.bugs, &err));
    GenConfig cfg;
    cfg.luo_gen_a = true;
    std::optional<Verdict> found;
    const bool ok = rc::check("v2_is_found", [&] {
        const Program p = *arbitrary_program(cfg);
        Verdict v = run_program(p, opt);
        if (!v.ok) found = v;
        RC_ASSERT(v.ok);
    });
    EXPECT_FALSE(ok);
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(found->signature.empty());
}

} // namespace
} // namespace lu
