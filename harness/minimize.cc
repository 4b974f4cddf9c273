// The minimizer (see minimize.h): ddmin over steps and faults to a fixpoint,
// then value passes, repeated until a value pass changes nothing. Every
// candidate is keyed by its text in a cache, and an interesting candidate is
// cut after its failing step, since later steps never run.
#include "minimize.h"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>
#include <utility>

#include <sut.h>

#include "explore.h"
#include "lu_text.h"

namespace lu {

// The schedules of @out's concurrent blocks: each block of @out keeps the
// schedules of the blocks of @p its steps came from (@origin: old index of
// each kept step), concatenated when removed steps joined two blocks. A
// schedule that no longer fits is replayed as far as it goes.
static std::vector<std::vector<SchedChoice>> carry_schedules(const Program &p, const Program &out,
                                                             const std::vector<size_t> &origin) {
    const auto old_blocks = concurrent_blocks(p);
    std::vector<std::vector<SchedChoice>> scheds;
    for (const auto &[b, e] : concurrent_blocks(out)) {
        std::vector<SchedChoice> sched;
        size_t last = SIZE_MAX;
        for (size_t i = b; i < e; i++) {
            for (size_t ob = 0; ob < old_blocks.size(); ob++) {
                if (origin[i] < old_blocks[ob].first || origin[i] >= old_blocks[ob].second)
                    continue;
                if (ob != last && ob < p.schedules.size())
                    sched.insert(sched.end(), p.schedules[ob].begin(), p.schedules[ob].end());
                last = ob;
            }
        }
        scheds.push_back(std::move(sched));
    }
    return scheds;
}

Program without_steps(const Program &p, const std::vector<bool> &drop) {
    Program out;
    out.bugs = p.bugs;
    out.expect = p.expect;
    std::vector<size_t> origin;
    // Per kind: old creation index -> new index, or -1 when the handle is gone.
    std::array<std::vector<int64_t>, kNumHandleKinds> map;
    std::array<int64_t, kNumHandleKinds> kept{};
    for (size_t i = 0; i < p.steps.size(); i++) {
        const Step &s = p.steps[i];
        const OpInfo &info = op_info(s.op);
        Step t = s;
        bool gone = i < drop.size() && drop[i];
        for (int a = 0; a < info.nargs && !gone; a++) {
            const int k = handle_kind_index(info.args[a]);
            if (k < 0) continue;
            if (s.args[a] >= map[k].size() || map[k][s.args[a]] < 0)
                gone = true;
            else
                t.args[a] = uint64_t(map[k][s.args[a]]);
        }
        if (const int k = handle_kind_index(info.creates); k >= 0)
            map[k].push_back(gone ? -1 : kept[k]++);
        if (!gone) {
            out.steps.push_back(std::move(t));
            origin.push_back(i);
        }
    }
    out.schedules = carry_schedules(p, out, origin);
    return out;
}

size_t count_faults(const Program &p) {
    size_t n = 0;
    for (const Step &s : p.steps) n += s.faults.size();
    return n;
}

Program without_faults(const Program &p, const std::vector<bool> &drop) {
    Program out = p;
    size_t flat = 0;
    for (Step &s : out.steps) {
        std::vector<Fault> kept;
        for (const Fault &f : s.faults)
            if (!(flat < drop.size() && drop[flat++])) kept.push_back(f);
        s.faults = std::move(kept);
    }
    return out;
}

namespace {

class Minimizer {
  public:
    Minimizer(const RunOptions &opt, const std::string &sig, size_t max_runs)
        : opt_(opt), sig_(sig), max_runs_(max_runs) {
        opt_.trace = false;
    }

    size_t runs() const { return runs_; }

    // The failure kept is the one @original shows: its whole identity
    // (failure_identity), not only its signature. Removing the step between
    // two blocks merges them; unless @original has such blocks already, a
    // candidate whose block mixes families (objects, files, restores) is a
    // race of another kind and is refused.
    // (The identity is taken from the first candidate's run: @original's.)
    void keep_failure_of(const Program &original) { mixed_ok_ = mixes_block_families(original); }
    bool matches(const Verdict &v) const {
        if (sig_ == kAnyFailure) return !v.ok;
        return !v.ok && v.signature == sig_ && (id_.empty() || failure_identity(v) == id_);
    }

    // Under seeded bugs, when @original passes on the fixed port (the same
    // LUO generation, no bug), a candidate that fails there too is not this
    // failure but a false alarm of its own: it is refused.
    void guard_with_fixed_port(const Program &original) {
        fixed_ = opt_;
        fixed_.bugs = opt_.bugs & (uint64_t(1) << LU_BUG_luo_gen_a);
        guard_ = fixed_.bugs != opt_.bugs && run_program(original, fixed_).ok;
        runs_ += fixed_.bugs != opt_.bugs;
    }

    // Does @c fail with the signature? If so, @c is cut after its failing step.
    // A candidate with concurrent blocks is first run with the schedules it
    // carries; removing a step shifts what those choices mean, so when they
    // no longer fail, a few fresh random and PCT schedules are tried, and the
    // schedules of a run that fails are kept.
    bool test(Program &c) {
        if (!mixed_ok_ && mixes_block_families(c)) return false;
        const std::string key = print(c);
        Tried t;
        if (auto it = cache_.find(key); it != cache_.end()) {
            t = it->second;
        } else {
            if (runs_ >= max_runs_) return false;
            t = run_candidate(c);
            cache_.emplace(key, t);
        }
        if (t.at < 0) return false;
        if (t.rescheduled) c.schedules = t.schedules;
        // Steps after the failure never ran; a concurrent block fails as a
        // whole (at its first step), so it stays whole.
        size_t keep = size_t(t.at) + 1;
        while (keep < c.steps.size() && c.steps[keep].thread && c.steps[keep - 1].thread) keep++;
        if (keep < c.steps.size()) {
            c.steps.resize(keep);
            c.schedules.resize(concurrent_blocks(c).size());
        }
        return true;
    }

    // ddmin by removal of chunks of units (steps or faults), from halves down
    // to single units; ends when no single unit can go. True if @cur shrank.
    bool ddmin(Program &cur, const std::function<size_t(const Program &)> &units,
               const std::function<Program(const Program &, const std::vector<bool> &)> &remove) {
        bool changed = false;
        size_t n = 2, start = 0;
        for (;;) {
            const size_t len = units(cur);
            if (len == 0) break;
            n = std::min(n, len);
            bool removed = false;
            for (size_t j = 0; j < n && !removed; j++) {
                const size_t c = (start + j) % n;
                std::vector<bool> drop(len, false);
                std::fill(drop.begin() + long(c * len / n), drop.begin() + long((c + 1) * len / n),
                          true);
                Program cand = remove(cur, drop);
                if (test(cand)) {
                    cur = std::move(cand);
                    removed = changed = true;
                    n = std::max<size_t>(n - 1, 2);
                    start = c; // go on from where the last removal was
                }
            }
            if (removed) continue;
            if (n >= len || runs_ >= max_runs_) break;
            n = std::min(2 * n, len);
            start = 0;
        }
        return changed;
    }

    bool reduce_steps(Program &cur) {
        return ddmin(
            cur, [](const Program &p) { return p.steps.size(); }, without_steps);
    }
    bool reduce_faults(Program &cur) { return ddmin(cur, count_faults, without_faults); }

    // Lowers a value of step @i, read by @get and written by @set, toward
    // @lo: tries @lo first, then a binary search between @lo and the current
    // value. True if the value went down.
    bool lower(Program &cur, size_t i, uint64_t lo,
               const std::function<uint64_t(const Step &)> &get,
               const std::function<void(Step &, uint64_t)> &set) {
        if (i >= cur.steps.size() || get(cur.steps[i]) <= lo) return false;
        uint64_t hi = get(cur.steps[i]); // known to keep the failure
        const uint64_t first = hi;
        uint64_t bad = lo - 1; // largest value known to lose it (lo - 1: none yet)
        uint64_t probe = lo;
        while (bad + 1 < hi && i < cur.steps.size()) {
            Program cand = cur;
            set(cand.steps[i], probe);
            if (test(cand)) {
                cur = std::move(cand);
                hi = probe;
            } else {
                bad = probe;
            }
            probe = bad + 1 + (hi - bad - 1) / 2;
        }
        return hi < first;
    }

    // Value passes over every step: churn counts, mapped pages, persistent
    // faults made transient, fault call numbers. True if anything changed.
    bool simplify_values(Program &cur) {
        bool changed = false;
        for (size_t i = 0; i < cur.steps.size(); i++) {
            const Op op = cur.steps[i].op;
            if (op == Op::domain_churn || op == Op::dev_churn)
                changed |= lower(
                    cur, i, 1, [](const Step &s) { return s.args[1]; },
                    [](Step &s, uint64_t v) { s.args[1] = v; });
            if (op == Op::domain_map)
                changed |= lower(
                    cur, i, 1, [](const Step &s) { return s.args[2]; },
                    [](Step &s, uint64_t v) { s.args[2] = v; });
            for (size_t j = 0; i < cur.steps.size() && j < cur.steps[i].faults.size(); j++) {
                if (cur.steps[i].faults[j].persistent) {
                    Program cand = cur;
                    cand.steps[i].faults[j].persistent = false;
                    if (test(cand)) {
                        cur = std::move(cand);
                        changed = true;
                    }
                }
                if (i < cur.steps.size())
                    changed |= lower(
                        cur, i, 1, [j](const Step &s) { return uint64_t(s.faults[j].nth); },
                        [j](Step &s, uint64_t v) { s.faults[j].nth = uint32_t(v); });
            }
        }
        return changed;
    }

  private:
    struct Tried {
        int64_t at = -1; // the failing step when it fails with sig_, else -1
        bool rescheduled = false;
        std::vector<std::vector<SchedChoice>> schedules; // when rescheduled
    };

    Tried run_candidate(const Program &c) {
        Tried t = run_candidate_unguarded(c);
        if (t.at < 0 || !guard_) return t;
        Program exact = c;
        if (t.rescheduled) exact.schedules = t.schedules;
        runs_++;
        if (!run_program(exact, fixed_).ok) return Tried{};
        return t;
    }

    Tried run_candidate_unguarded(const Program &c) {
        Tried t;
        runs_++;
        const Verdict v = run_program(c, opt_);
        if (!identity_taken_) {
            identity_taken_ = true;
            if (!v.ok && v.signature == sig_) id_ = failure_identity(v);
        }
        if (matches(v)) {
            t.at = v.step;
            return t;
        }
        if (concurrent_blocks(c).empty()) return t;
        Program fresh = c;
        for (auto &s : fresh.schedules) s.clear();
        for (uint64_t i = 1; i <= kReschedules && runs_ < max_runs_; i++) {
            RunOptions o = opt_;
            o.strategy = i % 2 ? "random" : "pct";
            o.sched_seed = i;
            runs_++;
            const Verdict w = run_program(fresh, o);
            if (matches(w)) {
                t.at = w.step;
                t.rescheduled = true;
                t.schedules = w.schedules;
                break;
            }
        }
        return t;
    }

    static constexpr uint64_t kReschedules = 32;
    RunOptions opt_, fixed_;
    bool guard_ = false, mixed_ok_ = true, identity_taken_ = false;
    std::string sig_, id_;
    size_t max_runs_;
    size_t runs_ = 0;
    // Candidate text -> how it fared.
    std::unordered_map<std::string, Tried> cache_;
};

} // namespace

// @cur with the threads of each block renumbered t0, t1, ... by first step
// and the choices of threads left with no step dropped; with
// @dissolve_single, a block of one thread becomes plain sequential steps.
static Program renumbered(const Program &cur, bool dissolve_single) {
    Program cand = cur;
    const auto blocks = concurrent_blocks(cand);
    std::vector<std::vector<SchedChoice>> scheds;
    for (size_t b = 0; b < blocks.size(); b++) {
        std::array<int, kMaxThreads + 1> to{};
        int n = 0;
        for (size_t i = blocks[b].first; i < blocks[b].second; i++)
            if (!to[cand.steps[i].thread]) to[cand.steps[i].thread] = ++n;
        const bool dissolve = n == 1 && dissolve_single;
        for (size_t i = blocks[b].first; i < blocks[b].second; i++)
            cand.steps[i].thread = dissolve ? 0 : uint8_t(to[cand.steps[i].thread]);
        if (dissolve) continue;
        std::vector<SchedChoice> sched;
        for (const SchedChoice &c :
             b < cur.schedules.size() ? cur.schedules[b] : std::vector<SchedChoice>{})
            if (c.thread < kMaxThreads && to[c.thread + 1])
                sched.push_back({uint8_t(to[c.thread + 1] - 1), c.kind});
        scheds.push_back(std::move(sched));
    }
    cand.schedules = std::move(scheds);
    return cand;
}

// Threads renumbered t0, t1, ... in each block, their schedules with them; a
// block of one thread becomes plain steps when the failure stays, else that
// thread is t0 (and the schedule names no thread the block lacks).
static void tidy_threads(Minimizer &m, Program &cur) {
    for (bool dissolve : {true, false}) {
        Program cand = renumbered(cur, dissolve);
        if (cand == cur) return;
        if (m.test(cand)) {
            cur = std::move(cand);
            return;
        }
    }
}

// Fewer scheduling choices: drop single choices (a replay that runs out
// continues with the lowest runnable thread). An empty schedule is not
// tried: it would leave the block to the run's own strategy and seed. Ends
// with the schedules the final run actually took, so the reproducer replays
// exactly.
static void reduce_schedules(Minimizer &m, Program &cur, const RunOptions &opt) {
    for (size_t b = 0; b < cur.schedules.size(); b++) {
        if (cur.schedules[b].empty()) continue;
        Program cand;
        for (size_t i = cur.schedules[b].size(); i-- > 0;) {
            cand = cur;
            cand.schedules[b].erase(cand.schedules[b].begin() + long(i));
            if (m.test(cand)) cur = cand;
        }
    }
    const Verdict v = run_program(cur, opt);
    if (m.matches(v) && cur.schedules != v.schedules) {
        Program exact = cur;
        exact.schedules = v.schedules;
        if (m.matches(run_program(exact, opt))) cur = exact;
    }
}

// Iterative preemption bounding: for k = 0, 1, ... below the preemptions of
// the failing run (at most kMaxPreemptionBound), the block's interleavings
// with at most k preemptions are explored; the first that fails the same way
// replaces the schedule. Programs with one concurrent block only.
static void fewest_preemptions(Minimizer &m, Program &cur, const RunOptions &opt) {
    constexpr size_t kMaxPreemptionBound = 4, kRunsPerBound = 3000;
    if (concurrent_blocks(cur).size() != 1) return;
    const Verdict v = run_program(cur, opt);
    if (!m.matches(v)) return;
    for (size_t k = 0; k < std::min(v.preemptions, kMaxPreemptionBound); k++) {
        Program fresh = cur;
        fresh.schedules.assign(fresh.schedules.size(), {});
        ExploreOptions eo;
        eo.lock_points_only = false;
        eo.max_preemptions = k;
        eo.max_runs = kRunsPerBound;
        const ExploreResult r = explore(fresh, opt, eo);
        if (!r.failed || !m.matches(r.verdict)) continue;
        if (r.verdict.preemptions >= v.preemptions) return;
        Program cand = r.failing;
        if (m.test(cand)) {
            cur = std::move(cand);
            return;
        }
    }
}

Program minimize(const Program &p, const RunOptions &opt, const std::string &signature,
                 MinimizeStats *stats, size_t max_runs) {
    Minimizer m(opt, signature, max_runs);
    m.guard_with_fixed_port(p);
    m.keep_failure_of(p);
    Program cur = p; // test() leaves it as it is when it does not fail as asked
    // Concurrent blocks replay the schedules the failing run took, so that
    // removing steps disturbs the interleaving as little as possible.
    if (!concurrent_blocks(cur).empty()) {
        const Verdict v = run_program(cur, opt);
        if (m.matches(v)) cur.schedules = v.schedules;
    }
    if (m.test(cur)) {
        // Steps and faults to a fixpoint: each ddmin ends with its own units
        // 1-minimal, so when the other one then changes nothing, both are.
        for (;;) {
            m.reduce_steps(cur);
            while (m.reduce_faults(cur) && m.reduce_steps(cur)) {
            }
            if (!m.simplify_values(cur)) break;
        }
        tidy_threads(m, cur);
        reduce_schedules(m, cur, opt);
        fewest_preemptions(m, cur, opt);
        // The reproducer handed out is checked once more as it stands.
        if (!m.matches(run_program(cur, opt))) cur = p;
    }
    if (stats) {
        stats->runs = m.runs();
        stats->steps_before = p.steps.size();
        stats->faults_before = count_faults(p);
        stats->steps_after = cur.steps.size();
        stats->faults_after = count_faults(cur);
    }
    return cur;
}

} // namespace lu
