// The naive generator (see naive_gen.h). Every draw is uniform; the only
// rule it keeps is the Program's own validity (handles exist, blocks hold
// only the ops a block may hold), so that every program it makes runs.
#include "naive_gen.h"

#include <algorithm>

namespace lu {
namespace {

// A uniform op (of @family inside a block) whose handle arguments exist, or
// nothing after a few tries.
bool draw_step(Choices &c, const std::array<uint64_t, kNumHandleKinds> &have,
               const std::vector<Op> *family, Step *s) {
    for (int tries = 0; tries < 16; tries++) {
        const Op op = family ? (*family)[c.below(family->size())] : Op(c.below(kNumOps));
        const OpInfo &info = op_info(op);
        bool ok = true;
        Step t;
        t.op = op;
        for (int a = 0; a < info.nargs && ok; a++) {
            const Arg kind = info.args[a];
            if (is_handle(kind)) {
                const uint64_t n = have[size_t(handle_kind_index(kind))];
                ok = n > 0;
                if (ok) t.args[a] = c.below(n);
            } else if (kind == Arg::iova) {
                t.args[a] = c.below(uint64_t(1) << 27) << 12; // any page of the 39-bit space
            } else if (kind == Arg::pages) {
                t.args[a] = 1 + c.below(4096); // what a map accepts
            } else {
                t.args[a] = kind == Arg::bdf ? c.below(arg_max(kind) + 1)
                                             : 1 + c.below(arg_max(kind));
            }
        }
        if (!ok) continue;
        *s = std::move(t);
        return true;
    }
    return false;
}

void maybe_fault(Choices &c, Step *s) {
    if (!c.percent(20)) return;
    Fault f;
    f.site = lu_site(c.below(LU_NR_SITES));
    f.nth = uint32_t(1 + c.below(4));
    f.persistent = c.percent(50);
    s->faults.push_back(f);
}

} // namespace

Program generate_naive(Choices &c, size_t max_steps) {
    Program p;
    std::array<uint64_t, kNumHandleKinds> have{};
    const size_t n = 1 + c.below(std::max<size_t>(max_steps, 1));
    while (p.steps.size() < n) {
        if (c.percent(10) && !p.steps.empty() && !p.steps.back().thread) {
            // A random block of one family: two threads of one or two ops each.
            const auto &family = block_family(BlockFamily(c.below(kNumBlockFamilies)));
            for (uint8_t t = 1; t <= 2; t++)
                for (uint64_t k = 0, ops = 1 + c.below(2); k < ops; k++) {
                    Step s;
                    if (!draw_step(c, have, &family, &s)) continue;
                    s.thread = t;
                    maybe_fault(c, &s);
                    p.steps.push_back(std::move(s));
                }
            p.schedules.emplace_back();
            continue;
        }
        Step s;
        if (!draw_step(c, have, nullptr, &s)) {
            s = Step{};
            s.op = Op::file_open; // nothing else can run before a handle exists
        }
        maybe_fault(c, &s);
        if (const int k = handle_kind_index(op_info(s.op).creates); k >= 0) have[size_t(k)]++;
        p.steps.push_back(std::move(s));
    }
    return p;
}

} // namespace lu
