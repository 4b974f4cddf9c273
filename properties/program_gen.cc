// RapidCheck generation and shrinking of Programs (see program_gen.h).
#include "program_gen.h"

#include <algorithm>

#include "lu_text.h"
#include "minimize.h"

namespace lu {

rc::Gen<Program> arbitrary_program(const GenConfig &cfg) {
    return rc::Gen<Program>([cfg](const rc::Random &random, int size) {
        rc::Random r = random;
        GenConfig c = cfg;
        c.max_steps = std::max(c.min_steps, std::min(cfg.max_steps, c.min_steps + size_t(size)));
        SeededChoices choices(r.next());
        return rc::shrinkable::shrinkRecur(generate(choices, c), &program_shrinks);
    });
}

rc::Seq<Program> program_shrinks(const Program &p) {
    std::vector<Program> out;
    const size_t n = p.steps.size();
    // Halves first, then single steps from the end (later steps depend on
    // earlier ones, so dropping late steps disturbs the least).
    for (size_t chunk = n / 2; chunk >= 1; chunk /= 2) {
        for (size_t at = 0; at + chunk <= n; at += chunk) {
            std::vector<bool> drop(n, false);
            std::fill(drop.begin() + at, drop.begin() + at + chunk, true);
            out.push_back(without_steps(p, drop));
        }
        if (chunk == 1) break;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t f = 0; f < p.steps[i].faults.size(); f++) {
            Program q = p;
            q.steps[i].faults.erase(q.steps[i].faults.begin() + f);
            out.push_back(std::move(q));
            if (p.steps[i].faults[f].persistent) {
                Program t = p;
                t.steps[i].faults[f].persistent = false;
                out.push_back(std::move(t));
            }
        }
        const OpInfo &info = op_info(p.steps[i].op);
        for (int a = 0; a < info.nargs; a++) {
            if ((info.args[a] == Arg::count || info.args[a] == Arg::pages) &&
                p.steps[i].args[a] > 1) {
                Program q = p;
                q.steps[i].args[a] = p.steps[i].args[a] - 1;
                out.push_back(std::move(q));
            }
        }
    }
    return rc::seq::fromContainer(std::move(out));
}

void showValue(const Program &p, std::ostream &os) { os << "\n" << print(p); }

} // namespace lu
