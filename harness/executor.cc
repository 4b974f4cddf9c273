// The executor's run loop (see executor.h): handle mapping, per-step fault
// decisions shared by the model and the port, the call of each op on both,
// and the order of the checks after it.
#include "executor.h"

#include <cstring>
#include <optional>

#include <model.h>
#include <sut.h>

#include "lu_text.h"
#include "oracles.h"

namespace lu {
namespace {

// The fault plan of the running step, asked by both sides with the step-local
// call number of a site.
struct StepFaults {
    const std::vector<Fault> *faults = nullptr;
    std::array<bool, LU_NR_SITES> always{};  // persistent faults of earlier steps
    bool decide(int site, uint32_t nth) const {
        if (always[site]) return true;
        for (const Fault &f : *faults)
            if (f.site == site && (f.nth == nth || (f.persistent && nth > f.nth))) return true;
        return false;
    }
};

struct Runner {
    const Program &p;
    const RunOptions &opt;
    sut::World w;
    model::Model m;
    StepFaults sf;
    std::array<unsigned long, LU_NR_SITES> base{};     // port's site counts at step start
    std::array<uint32_t, LU_NR_SITES> model_nth{};     // model's step-local counts
    std::array<uint32_t, LU_NR_SITES> fired{};         // faults fired in the port this step
    std::array<std::vector<int>, kNumHandleKinds> handles;
    unsigned events_seen = 0;
    std::vector<sut::ChainView> before_kexec;
    Verdict v;

    Runner(const Program &prog, const RunOptions &o)
        : p(prog), opt(o), w(o.bugs), m(model::Config{(o.bugs >> LU_BUG_luo_gen_a) & 1}) {
        lu_hooks h{};
        h.ctx = this;
        h.should_fail = [](void *ctx, lu_site site, unsigned long nth) {
            auto *r = static_cast<Runner *>(ctx);
            bool f = r->sf.decide(site, uint32_t(nth - r->base[site]));
            if (f) r->fired[site]++;
            return f;
        };
        w.set_hooks(h);
    }

    int handle(Arg kind, uint64_t idx) const {
        const auto &list = handles[handle_kind_index(kind)];
        return idx < list.size() ? list[idx] : -1;
    }

    struct Results {
        int model = 0, port = 0;
        bool panic = false;  // the model says the port must panic
    };

    // Run @s on the port, then on the model.
    Results call(const Step &s) {
        const OpInfo &info = op_info(s.op);
        int a[3] = {0, 0, 0};
        for (int i = 0; i < info.nargs; i++)
            a[i] = is_handle(info.args[i]) ? handle(info.args[i], s.args[i]) : 0;
        const uint64_t x = s.args[1], y = s.args[2];
        Results r;
        switch (s.op) {
#define BOTH(model_call, port_call)               \
    r.port = port_call;                           \
    try {                                         \
        r.model = model_call;                     \
    } catch (const model::Panic &) {              \
        r.panic = true;                           \
    }                                             \
    break;
        case Op::file_open: BOTH(m.file_open(), w.file_open())
        case Op::unit_add: BOTH(m.unit_add(), w.unit_add())
        case Op::dev_add: BOTH(m.dev_add(a[0], uint32_t(s.args[1])), w.dev_add(a[0], 0, int(s.args[1])))
        case Op::domain_alloc: BOTH(m.domain_alloc(a[0], true), w.domain_alloc(a[0], true))
        case Op::domain_alloc_nolu: BOTH(m.domain_alloc(a[0], false), w.domain_alloc(a[0], false))
        case Op::domain_map: BOTH(m.domain_map(a[0], x, y), w.domain_map(a[0], x, y))
        case Op::domain_free: BOTH(m.domain_free(a[0]), w.domain_free(a[0]))
        case Op::dev_attach: BOTH(m.dev_attach(a[0], a[1]), w.dev_attach(a[0], a[1]))
        case Op::domain_preserve: BOTH(m.domain_preserve(a[0]), w.domain_preserve(a[0]))
        case Op::domain_unpreserve: BOTH(m.domain_unpreserve(a[0]), w.domain_unpreserve(a[0]))
        case Op::dev_preserve: BOTH(m.dev_preserve(a[0]), w.dev_preserve(a[0]))
        case Op::dev_unpreserve: BOTH(m.dev_unpreserve(a[0]), w.dev_unpreserve(a[0]))
        case Op::file_preserve: BOTH(m.file_preserve(a[0]), w.file_preserve(a[0]))
        case Op::file_unpreserve: BOTH(m.file_unpreserve(a[0]), w.file_unpreserve(a[0]))
        case Op::kexec: BOTH(m.kexec(), w.kexec())
        case Op::unit_restore: BOTH(m.unit_restore(a[0]), w.unit_restore(a[0]))
        case Op::dev_restore: BOTH(m.dev_restore(a[0]), w.dev_restore(a[0]))
        case Op::file_retrieve: BOTH(m.file_retrieve(a[0]), w.file_retrieve(a[0]))
        case Op::file_finish: BOTH(m.file_finish(a[0]), w.file_finish(a[0]))
#undef BOTH
        }
        return r;
    }

    bool failed(size_t i, const char *kind, std::string detail, const char *site = nullptr) {
        v.ok = false;
        v.kind = kind;
        v.step = int(i);
        v.op = std::string(op_info(p.steps[i].op).name);
        v.site = site ? site : "";
        v.detail = std::move(detail);
        v.signature = v.kind + ":" + v.op + (site ? std::string(":") + site : "");
        return false;
    }

    bool step(size_t i);
    std::optional<Finding> sweep(bool chains);
    bool check_round_trip(size_t i);
    bool check_translations(size_t i, int dev);
};

std::string plural_calls(const std::array<uint32_t, LU_NR_SITES> &calls) {
    std::string out;
    for (int s = 0; s < LU_NR_SITES; s++)
        if (calls[s]) out += (out.empty() ? "" : ", ") + std::string(lu_site_name(lu_site(s))) + " x" + std::to_string(calls[s]);
    return out;
}

std::optional<Finding> Runner::sweep(bool chains) {
    if (auto f = check_flb_and_ledger(m, w)) return f;
    if (chains)
        if (auto f = check_chains(m, w)) return f;
    return check_back_pointers(m, w);
}

bool Runner::check_round_trip(size_t i) {
    for (int ci = 0; ci < 3 && ci < int(before_kexec.size()); ci++) {
        sut::ChainView after = w.chain(sut::Chain(ci));
        const auto &b = before_kexec[ci];
        std::string name = std::string(sut::chain_name(sut::Chain(ci))) + " chain";
        if (after.pages.size() != b.pages.size())
            return failed(i, "I6-roundtrip", name + ": " + std::to_string(b.pages.size()) +
                                                 " page(s) before kexec, " +
                                                 std::to_string(after.pages.size()) + " after");
        for (size_t pg = 0; pg < b.pages.size(); pg++)
            if (after.pages[pg].phys != b.pages[pg].phys || after.pages[pg].bytes != b.pages[pg].bytes)
                return failed(i, "I6-roundtrip", name + " page " + std::to_string(pg) +
                                                     " did not survive kexec byte for byte");
    }
    return true;
}

bool Runner::check_translations(size_t i, int dev) {
    const model::Device &d = m.devs[dev];
    const model::Slot &s = m.in[int(model::Chain::domain)].slots[d.restored_slot];
    int checked = 0;
    for (uint64_t iova : s.pages) {
        if (checked++ == 64) break;
        uint64_t phys = 0;
        w.dev_translate(dev, iova, &phys);
        if (phys != model::map_target(s.owner, iova))
            return failed(i, "I6-translation", "restored domain of v" + std::to_string(dev) +
                                                   " translates iova " + std::to_string(iova) +
                                                   " differently than before kexec");
    }
    return true;
}

std::string result_name(int r) { return sut::errno_name(r); }

bool Runner::step(size_t i) {
    const Step &s = p.steps[i];
    const OpInfo &info = op_info(s.op);
    sf.faults = &s.faults;
    for (int k = 0; k < LU_NR_SITES; k++) base[k] = w.site_calls(lu_site(k));
    std::array<unsigned, LU_NR_EVENT_KINDS> ev_before{};
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++) ev_before[k] = w.events_of(lu_event_kind(k));
    model_nth = {};
    fired = {};
    before_kexec.clear();
    if (s.op == Op::kexec && m.flb.out_obj)
        for (sut::Chain c : sut::kChains) before_kexec.push_back(w.chain(c));

    m.begin([this](model::Site site) {
        int k = int(site);
        return sf.decide(k, ++model_nth[k]);
    });
    Results r = call(s);
    model::Effects fx = m.end();
    std::array<uint32_t, LU_NR_SITES> calls{};
    for (int k = 0; k < LU_NR_SITES; k++) {
        calls[k] = uint32_t(w.site_calls(lu_site(k)) - base[k]);
        v.site_calls[k] += calls[k];
    }
    const int kind = handle_kind_index(info.creates);
    const int created = kind >= 0 ? int(handles[kind].size()) : -1;
    if (kind >= 0) handles[kind].push_back(r.port >= 0 ? r.port : -1);
    if (opt.trace) {
        std::string line = std::to_string(i) + ": " + print_step(s, created);
        line += "  -> model " + (r.panic ? std::string("panic") : result_name(r.model)) +
                ", port " + result_name(r.port);
        std::string f = plural_calls(fired);
        if (!f.empty()) line += "  [fired: " + f + "]";
        v.trace.push_back(line);
    }
    v.steps_run = i + 1;

    // Kernel assertions and fatal events first: they explain everything after.
    if (w.dead()) {
        for (int k = 0; k < LU_NR_EVENT_KINDS; k++) {
            if (!lu_event_is_fatal(lu_event_kind(k)) || w.events_of(lu_event_kind(k)) == ev_before[k])
                continue;
            if (r.panic && k == LU_EV_panic) {
                v.ended_by_panic = true;
                return false;
            }
            std::string msg;
            for (const auto &e : w.events())
                if (e.kind == k) msg = e.msg;
            return failed(i, (std::string("fatal-") + lu_event_kind_name(lu_event_kind(k))).c_str(), msg);
        }
        return failed(i, "fatal", "the port died");
    }
    if (r.panic) return failed(i, "missing-panic", "the model expects the port to panic here");
    if (r.model != r.port)
        return failed(i, "differential", "expected " + result_name(r.model) + ", got " + result_name(r.port));
    for (int k = 0; k < LU_NR_SITES; k++) {
        if (calls[k] != fx.calls[k])
            return failed(i, "fault-calls",
                          "expected " + std::to_string(fx.calls[k]) + " call(s), the port made " +
                              std::to_string(calls[k]),
                          lu_site_name(lu_site(k)));
    }
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++) {
        unsigned got = w.events_of(lu_event_kind(k)) - ev_before[k];
        unsigned want = k == LU_EV_warn ? unsigned(fx.warns) : 0;
        if (got == want) continue;
        std::string msg;
        for (const auto &e : w.events())
            if (e.kind == k) msg = e.msg;
        return failed(i, (std::string("event-") + lu_event_kind_name(lu_event_kind(k))).c_str(),
                      std::to_string(want) + " expected, " + std::to_string(got) + " seen" +
                          (msg.empty() ? "" : ": " + msg));
    }
    for (const Fault &f : s.faults)
        if (f.persistent && calls[f.site] >= f.nth) sf.always[f.site] = true;

    const bool full = opt.check_chains_every_step || s.op == Op::kexec;
    if (auto f = sweep(full)) return failed(i, f->kind.c_str(), f->detail);
    if (s.op == Op::kexec && r.port == 0 && !check_round_trip(i)) return false;
    if (s.op == Op::dev_restore && r.port == 0) {
        const int dev = handle(Arg::dev, s.args[0]);
        if (!check_translations(i, dev)) return false;
    }
    return true;
}

}  // namespace

Verdict run_program(const Program &p, const RunOptions &opt) {
    Runner r(p, opt);
    for (size_t i = 0; i < p.steps.size(); i++)
        if (!r.step(i)) return std::move(r.v);
    if (auto f = r.sweep(true)) {
        r.failed(p.steps.empty() ? 0 : p.steps.size() - 1, f->kind.c_str(), "at the end: " + f->detail);
        if (p.steps.empty()) r.v.op = "end";
    }
    return std::move(r.v);
}

std::vector<std::array<uint32_t, LU_NR_SITES>> site_calls_per_step(const Program &p,
                                                                   const RunOptions &opt) {
    std::vector<std::array<uint32_t, LU_NR_SITES>> out;
    Program clean = p;
    for (Step &s : clean.steps) s.faults.clear();
    Runner r(clean, opt);
    for (size_t i = 0; i < clean.steps.size(); i++) {
        std::array<unsigned long, LU_NR_SITES> before;
        for (int k = 0; k < LU_NR_SITES; k++) before[k] = r.w.site_calls(lu_site(k));
        bool go = r.step(i);
        std::array<uint32_t, LU_NR_SITES> calls;
        for (int k = 0; k < LU_NR_SITES; k++) calls[k] = uint32_t(r.w.site_calls(lu_site(k)) - before[k]);
        out.push_back(calls);
        if (!go) break;
    }
    return out;
}

}  // namespace lu
