// The property families (see families.h): a table of generator settings and
// oracles, and the one function that turns (family, seed, index) into a
// checked program.
#include "families.h"

#include "explore.h"
#include "fail_nth.h"
#include "naive_gen.h"
#include <sut.h>

namespace lu::tools {

uint64_t program_seed(uint64_t seed, size_t i) {
    SeededChoices mix(seed ^ (uint64_t(i) * 0xd1b54a32d192ed03ull));
    return mix.below(~uint64_t(0));
}

namespace {

std::vector<Family> make_families() {
    std::vector<Family> fs;
    Family seq{"sequential", {}};
    fs.push_back(seq);
    Family nth{"fail_nth", {}};
    nth.gen.fault_percent = 0;
    nth.gen.max_steps = 25;
    nth.fail_nth = true;
    fs.push_back(nth);
    for (const char *s : {"random", "pct"}) {
        Family c{std::string("concurrent_") + s, {}};
        c.gen.block_percent = 25;
        c.strategy = s;
        fs.push_back(c);
    }
    Family ex{"explore", {}};
    ex.gen.block_percent = 30;
    ex.gen.max_threads = 2;
    ex.gen.max_steps = 20;
    ex.explore = true;
    fs.push_back(ex);
    return fs;
}

} // namespace

Family naive_family() {
    Family f{"naive", {}};
    f.strategy = "random";
    f.naive = true;
    return f;
}

const std::vector<Family> &families() {
    static const std::vector<Family> fs = make_families();
    return fs;
}

const Family *family_by_name(const std::string &name) {
    for (const Family &f : families())
        if (f.name == name) return &f;
    return nullptr;
}

Outcome run_family(const Family &f, uint64_t seed, size_t i, const RunOptions &base,
                   const std::string &program_bugs) {
    GenConfig gc = f.gen;
    gc.luo_gen_a = ((base.bugs | sut::mode_bugs()) >> LU_BUG_luo_gen_a) & 1;
    SeededChoices c(program_seed(seed, i));
    Outcome o;
    o.program = f.naive ? generate_naive(c, gc.max_steps) : generate(c, gc);
    o.program.bugs = program_bugs;
    RunOptions ro = base;
    ro.strategy = f.strategy;
    ro.sched_seed = program_seed(seed ^ 0x5c4ed, i);
    o.verdict = run_program(o.program, ro);
    o.runs = 1;
    o.steps = o.verdict.steps_run;
    o.inconclusive = o.verdict.inconclusive;
    if (!o.verdict.ok) {
        o.program.schedules = o.verdict.schedules; // the failing interleavings
        return o;
    }
    if (f.fail_nth) {
        FailNthResult r = fail_nth_both(o.program, ro);
        o.runs += r.runs;
        if (r.failed) {
            o.program = r.failing;
            o.verdict = r.verdict;
            o.program.schedules = o.verdict.schedules;
        }
    } else if (f.explore && !concurrent_blocks(o.program).empty()) {
        ExploreOptions eo;
        eo.max_runs = f.explore_max_runs;
        ExploreResult r = explore(o.program, ro, eo);
        o.runs += r.explored + r.pruned;
        o.inconclusive += r.inconclusive;
        if (r.failed) {
            o.program = r.failing;
            o.verdict = r.verdict;
        }
    }
    return o;
}

} // namespace lu::tools
