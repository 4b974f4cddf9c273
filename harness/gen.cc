// The Program generator (see gen.h). It keeps a model of the machine it is
// describing, so it knows which handles exist, how full each chain is and how
// many calls of each fault site a step will make; it then picks ops and
// arguments with weights, and faults among the calls that will happen.
#include "gen.h"

#include <algorithm>
#include <vector>

#include <model.h>

#include "budget.h"
#include "model_driver.h"

namespace lu {

uint64_t SeededChoices::below(uint64_t n) {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return n ? z % n : 0;
}

namespace {

Step mk(Op op, uint64_t a0 = 0) {
    Step s;
    s.op = op;
    s.args[0] = a0;
    return s;
}

struct Gen {
    Choices &c;
    const GenConfig &cfg;
    ModelDriver md;
    FaultPlan plan;
    Program p;
    ProgramBudget budget;
    uint32_t next_bdf = 0; // 00:00.0 first: a zeroed record would name it
    bool rebooted = false;

    Gen(Choices &ch, const GenConfig &g) : c(ch), cfg(g), md(g.luo_gen_a) {}

    const model::Model &m() const { return md.model(); }
    size_t count(Arg k) const { return md.handles_of(k); }

    // A handle of @kind, recent ones more likely; false when there is none.
    bool pick(Arg kind, uint64_t *out) {
        size_t n = count(kind);
        if (!n) return false;
        *out = c.percent(60) ? n - 1 - c.below(n < 3 ? n : 3) : c.below(n);
        return true;
    }

    uint64_t iova() {
        static const uint64_t bases[] = {
            0,          0x1000,     0x40000,    1ull << 21,
            3ull << 21, 1ull << 30, 5ull << 30, (1ull << 39) - (8ull << 12)};
        uint64_t a = bases[c.below(std::size(bases))] + (c.below(16) << 12);
        if (c.percent(2)) a |= 0x800;     // unaligned: -EINVAL
        if (c.percent(1)) a = 1ull << 39; // past the address space
        return a;
    }

    uint64_t pages() {
        if (c.percent(3)) return c.percent(50) ? 0 : 5000; // rejected sizes
        if (c.percent(10)) return 512 + c.below(3);        // crosses a table
        return 1 + c.below(8);
    }

    // A churn count that lands the chain at k*M-1, k*M or k*M+1.
    uint64_t boundary_count(model::Chain chain) {
        const uint64_t mx = model::max_objs(chain);
        const uint64_t n = m().chain(chain, false).slots.size();
        for (;;) {
            uint64_t k = n / mx + 1 + (c.percent(20) ? 1 : 0);
            int64_t target = int64_t(k * mx) + int64_t(c.below(3)) - 1;
            if (target > int64_t(n) && target - int64_t(n) <= 1000)
                return uint64_t(target - int64_t(n));
            if (c.percent(30)) return 1 + c.below(8);
        }
    }

    // A handle whose model object satisfies @ok, when there is one.
    template <typename F> bool pick_where(Arg kind, F ok, uint64_t *out) {
        std::vector<uint64_t> fit;
        for (size_t i = 0; i < count(kind); i++)
            if (int h = md.handle(kind, i); h >= 0 && ok(h)) fit.push_back(i);
        if (fit.empty()) return false;
        *out = fit[c.below(fit.size())];
        return true;
    }

    // For the op's first handle: one that makes the op meaningful, mostly.
    bool pick_first(Op op, Arg kind, uint64_t *out) {
        const model::Model &mm = m();
        auto dom_preserved = [&](int d) {
            return d >= 0 && mm.domains[d].alive && mm.domains[d].slot >= 0;
        };
        if (c.percent(75)) {
            switch (op) {
            case Op::domain_preserve:
            case Op::domain_map:
                if (pick_where(
                        kind, [&](int d) { return mm.domains[d].alive && mm.domains[d].slot < 0; },
                        out))
                    return true;
                break;
            case Op::domain_unpreserve:
            case Op::domain_churn:
                if (pick_where(
                        kind, [&](int d) { return mm.domains[d].alive; }, out))
                    return true;
                break;
            case Op::dev_preserve:
            case Op::dev_churn:
                if (pick_where(
                        kind,
                        [&](int v) {
                            return dom_preserved(mm.devs[v].domain) && mm.devs[v].slot < 0;
                        },
                        out))
                    return true;
                break;
            case Op::dev_unpreserve:
                if (pick_where(
                        kind, [&](int v) { return mm.devs[v].slot >= 0; }, out))
                    return true;
                break;
            case Op::dev_attach:
                if (pick_where(
                        kind, [&](int v) { return mm.devs[v].domain < 0; }, out))
                    return true;
                break;
            default:
                break;
            }
        }
        return pick(kind, out);
    }

    bool make(Op op, Step *s);
    bool fits(Step &s);
    void add(Step s);
    void block();
    void deep_chain();
    uint64_t preserved_pair(uint64_t f, uint64_t unit);
    void maybe_fault(Step &s);
    void epilogue();
};

bool Gen::make(Op op, Step *s) {
    s->op = op;
    const OpInfo &info = op_info(op);
    for (int i = 0; i < info.nargs; i++) {
        const Arg a = info.args[i];
        if (is_handle(a)) {
            bool ok;
            if (i == 0) {
                ok = pick_first(op, a, &s->args[i]);
            } else if (op == Op::dev_attach && c.percent(40)) {
                // Devices sharing a domain: restored once, used by all.
                const model::Model &mm = m();
                auto shared = [&](int d) {
                    for (const model::Device &v : mm.devs)
                        if (v.domain == d) return mm.domains[d].alive;
                    return false;
                };
                ok = pick_where(a, shared, &s->args[i]) || pick(a, &s->args[i]);
            } else {
                ok = pick(a, &s->args[i]);
            }
            if (!ok) return false;
        } else if (a == Arg::iova) {
            s->args[i] = iova();
        } else if (a == Arg::pages) {
            s->args[i] = pages();
        } else if (a == Arg::bdf) {
            s->args[i] = c.percent(5) && next_bdf ? c.below(next_bdf) : next_bdf++;
        } else if (a == Arg::count) {
            const bool dev = op == Op::dev_churn;
            model::Chain chain = !dev
                                     ? model::Chain::domain
                                     : (c.percent(50) ? model::Chain::device : model::Chain::iommu);
            s->args[i] = c.percent(75) ? boundary_count(chain) : 1 + c.below(12);
        }
    }
    return true;
}

// A fault among the calls this step will make, so that it fires.
void Gen::maybe_fault(Step &s) {
    if (!c.percent(cfg.fault_percent)) return;
    ModelDriver dry = md;
    const Prediction pr = dry.apply(s, nullptr);
    std::vector<int> sites;
    for (int k = 0; k < LU_NR_SITES; k++) {
        if (!pr.fx.calls[k]) continue;
        sites.push_back(k);
        // Page allocations are where the capacity bugs hide: weigh them up.
        if (k == LU_SITE_kho_alloc_preserve) sites.insert(sites.end(), 3, k);
    }
    if (sites.empty()) return;
    const int site = sites[c.below(sites.size())];
    const uint32_t calls = pr.fx.calls[site];
    Fault f;
    f.site = lu_site(site);
    // Often the last call: in a churn step that is the new chain page.
    f.nth = uint32_t(c.percent(40) ? calls : 1 + c.below(calls));
    f.persistent = c.percent(10);
    s.faults.push_back(f);
}

// Charges @s to the program's budget; a churn that would go over it is cut
// to what is left, and a step that still does not fit is dropped.
bool Gen::fits(Step &s) {
    if (s.op == Op::domain_churn || s.op == Op::dev_churn) {
        s.args[1] = std::min(s.args[1], kMaxChurnPerProgram - budget.churn);
        if (s.args[1] == 0) return false;
    }
    return !budget.charge(s);
}

void Gen::add(Step s) {
    if (!fits(s)) return;
    maybe_fault(s);
    plan.begin_step(&s.faults);
    const Prediction pr = md.apply(s, &plan);
    plan.end_step(pr.fx.calls);
    if (s.op == Op::kexec) rebooted = true;
    p.steps.push_back(std::move(s));
}

// A concurrent block of 2..max_threads threads, each with 1..max_block_ops
// steps from the ops that race in the kernel. Before kexec: preserves racing
// on the chain tail (often with the chain brought to a page boundary first),
// preserve against unpreserve, devices sharing a unit; after it: restores
// racing the files' finish.
void Gen::block() {
    // One family of ops per block (see block_family). Before kexec:
    // preserves racing on the chain tail, preserve against unpreserve,
    // files' preserves; after it, restores race each other (devices sharing
    // a domain rebuild it once) and the files' finish, which waits for the
    // incoming references that restores hold.
    const BlockFamily fam = rebooted        ? BlockFamily::restores
                            : c.percent(80) ? BlockFamily::objects
                                            : BlockFamily::files;
    const std::vector<Op> &family = block_family(fam);
    uint64_t f;
    if (fam == BlockFamily::objects && c.percent(50) &&
        pick_where(
            Arg::file, [&](int h) { return m().files[h].state == model::FileState::preserved; },
            &f)) {
        // Fresh domains of a preserved file: the block's preserves then
        // take new slots, and race on the chain's tail.
        for (int k = 0; k < 2; k++) add(mk(Op::domain_alloc, f));
    }
    if (!rebooted && c.percent(40) && count(Arg::domain)) {
        // Bring the domain chain to M-1 or M slots, so the block's preserves
        // race on the page allocation.
        const uint64_t n = m().chain(model::Chain::domain, false).slots.size();
        const uint64_t mx = model::max_objs(model::Chain::domain);
        const uint64_t target = (n / mx + 1) * mx - c.below(2);
        uint64_t d;
        if (target > n && pick_first(Op::domain_churn, Arg::domain, &d)) {
            Step s = mk(Op::domain_churn, d);
            s.args[1] = target - n;
            add(std::move(s));
        }
    }
    std::vector<Step> steps;
    // Devices of one unit, bound to two iommufds (so that only the series'
    // lock orders them), preserved, then unpreserved at once: they race on
    // the unit's refcount.
    if (!rebooted && c.percent(30) && count(Arg::unit) && m().flb.out_obj) {
        uint64_t unit;
        pick(Arg::unit, &unit);
        while (count(Arg::file) < 2) add(mk(Op::file_open));
        std::vector<uint64_t> devs;
        for (uint64_t f : {uint64_t(count(Arg::file) - 2), uint64_t(count(Arg::file) - 1)}) {
            devs.push_back(preserved_pair(f, unit));
        }
        for (size_t t = 0; t < devs.size(); t++) {
            Step s = mk(Op::dev_unpreserve, devs[t]);
            s.thread = uint8_t(t + 1);
            steps.push_back(std::move(s));
        }
    }
    const int threads = steps.empty() ? 2 + int(c.below(uint64_t(cfg.max_threads - 1))) : 0;
    for (int t = 0; t < threads; t++) {
        const int ops = 1 + int(c.below(uint64_t(cfg.max_block_ops)));
        for (int k = 0; k < ops; k++) {
            Step s;
            const Op op = family[c.below(family.size())];
            if (!make(op, &s) || !fits(s)) continue;
            s.thread = uint8_t(t + 1);
            steps.push_back(std::move(s));
        }
    }
    if (steps.empty()) return;
    // Keep each thread's steps together in the text, threads in order.
    std::stable_sort(steps.begin(), steps.end(),
                     [](const Step &a, const Step &b) { return a.thread < b.thread; });
    if (!p.steps.empty() && p.steps.back().thread)
        add(mk(Op::file_open)); // blocks need a step between
    // The generator's model follows the steps in text order; the run may
    // interleave them otherwise, which only makes its guesses rougher.
    for (Step &s : steps) {
        plan.begin_step(&s.faults);
        const Prediction pr = md.apply(s, &plan);
        plan.end_step(pr.fx.calls);
        p.steps.push_back(std::move(s));
    }
    p.schedules.emplace_back();
}

// A new domain of file @f and a new device of @unit attached to it, both
// preserved; gives the device's handle.
uint64_t Gen::preserved_pair(uint64_t f, uint64_t unit) {
    const uint64_t d = count(Arg::domain), v = count(Arg::dev);
    add(mk(Op::domain_alloc, f));
    Step dev = mk(Op::dev_add, unit);
    dev.args[1] = next_bdf++;
    add(std::move(dev));
    Step attach = mk(Op::dev_attach, v);
    attach.args[1] = d;
    add(std::move(attach));
    add(mk(Op::domain_preserve, d));
    add(mk(Op::dev_preserve, v));
    return v;
}

// Records on two or three pages of the domain chain: on each page a domain
// with a device attached, both preserved, then a scratch domain churned
// until the page is full (deleted records between the live ones). The
// epilogue's kexec and restores then read every page.
void Gen::deep_chain() {
    uint64_t f;
    if (!pick_where(
            Arg::file, [&](int h) { return m().files[h].state == model::FileState::preserved; },
            &f))
        return;
    if (!count(Arg::unit)) add(mk(Op::unit_add));
    const uint64_t unit = count(Arg::unit) - 1, scratch = count(Arg::domain);
    add(mk(Op::domain_alloc, f));
    const uint64_t mx = model::max_objs(model::Chain::domain);
    for (int page = 0, pages = 2 + int(c.below(2)); page < pages; page++) {
        preserved_pair(f, unit);
        const uint64_t n = m().chain(model::Chain::domain, false).slots.size();
        Step churn = mk(Op::domain_churn, scratch);
        churn.args[1] = (n / mx + 1) * mx - n;
        add(std::move(churn));
    }
}

void Gen::epilogue() {
    add(mk(Op::kexec));
    rebooted = true;
    if (c.percent(cfg.block_percent * 2)) block(); // restores racing the finish
    for (size_t u = 0; u < count(Arg::unit); u++)
        if (c.percent(80)) add(mk(Op::unit_restore, u));
    for (size_t v = 0; v < count(Arg::dev); v++)
        if (c.percent(85)) add(mk(Op::dev_restore, v));
    for (size_t f = 0; f < count(Arg::file); f++) {
        if (c.percent(70)) add(mk(Op::file_retrieve, f));
        if (c.percent(80)) add(mk(Op::file_finish, f));
    }
}

} // namespace

Op draw_op(Choices &c, bool rebooted) {
    unsigned total = 0;
    for (const OpInfo &o : kOpInfo) total += rebooted ? o.weight_after : o.weight_before;
    unsigned r = unsigned(c.below(total));
    for (int i = 0; i < kNumOps; i++) {
        const unsigned w = rebooted ? kOpInfo[i].weight_after : kOpInfo[i].weight_before;
        if (r < w) return Op(i);
        r -= w;
    }
    return Op::domain_alloc; // not reached: r < total
}

Program generate(Choices &c, const GenConfig &cfg) {
    Gen g(c, cfg);
    const size_t span = cfg.max_steps > cfg.min_steps ? cfg.max_steps - cfg.min_steps : 0;
    const size_t target = cfg.min_steps + c.below(span + 1);
    // Most programs start with a preserved file, so the FLB object exists.
    g.add(mk(Op::file_open));
    g.add(mk(Op::unit_add));
    if (c.percent(30)) g.add(mk(Op::unit_add));
    if (c.percent(85)) g.add(mk(Op::file_preserve, 0));
    // A second iommufd: racing preservers of different files do not share
    // the iommufd lock, only the series' own.
    if (cfg.block_percent && c.percent(50)) {
        g.add(mk(Op::file_open));
        if (c.percent(50)) g.add(mk(Op::file_preserve, 1));
    }
    const bool end_with_kexec = c.percent(cfg.kexec_percent);
    // Sequential programs only: those with blocks are after races.
    if (end_with_kexec && !cfg.block_percent && c.percent(cfg.deep_chain_percent)) g.deep_chain();
    while (g.p.steps.size() < target && !g.m().panicked) {
        const Op op = draw_op(c, g.rebooted);
        if (op == Op::kexec && end_with_kexec && !g.rebooted) continue; // the epilogue does it
        if (c.percent(cfg.block_percent)) {
            g.block();
            continue;
        }
        Step s;
        if (g.make(op, &s)) g.add(std::move(s));
    }
    if (end_with_kexec && !g.rebooted && !g.m().panicked) g.epilogue();
    return std::move(g.p);
}

} // namespace lu
