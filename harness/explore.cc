// Exhaustive exploration of a concurrent block (see explore.h). A node of the
// search is one scheduling decision: the runnable threads, the point each
// waits at, the threads asleep there (already covered by an equivalent
// order) and those already explored from it.
#include "explore.h"

#include <algorithm>

namespace lu {
namespace {

// Where a thread waits: the scheduling point its next step starts from.
struct Pending {
    uint8_t kind = kSchedStart;
    const void *obj = nullptr;
};

// Two threads' next steps commute when they start at points on different
// known objects (locks, FLBs, domains); allocation points and thread starts
// carry no object and are treated as touching everything.
bool independent(const Pending &a, const Pending &b) { return a.obj && b.obj && a.obj != b.obj; }

struct Node {
    std::vector<int> runnable;
    std::vector<Pending> pending; // per thread (indexed by thread id)
    std::vector<int> sleep, done;
    std::vector<int> barred; // not to be chosen: the preemption bound is spent
    int current = -1;        // the thread at the point, or -1
    int chosen = -1;
    size_t preemptions = 0; // on the path before this decision

    bool preempts() const { return current >= 0 && current != chosen && has_current(); }
    bool has_current() const {
        return std::find(runnable.begin(), runnable.end(), current) != runnable.end();
    }
};

bool has(const std::vector<int> &v, int t) { return std::find(v.begin(), v.end(), t) != v.end(); }

} // namespace

ExploreResult explore(const Program &p, const RunOptions &base, const ExploreOptions &eo) {
    ExploreResult res;
    std::vector<Node> stack;
    for (;;) {
        if (res.explored + res.pruned >= eo.max_runs) return res;
        size_t depth = 0;
        bool redundant = false;
        std::vector<Pending> pend(kMaxThreads + 1);
        RunOptions opt = base;
        opt.chooser = [&](const std::vector<int> &runnable, int current, uint8_t kind,
                          const void *obj) -> size_t {
            if (current >= 0) pend[size_t(current)] = {kind, obj};
            if (eo.lock_points_only && current >= 0 && kind != LU_SCHED_lock &&
                kind != kSchedStart) {
                auto it = std::find(runnable.begin(), runnable.end(), current);
                if (it != runnable.end()) return size_t(it - runnable.begin());
            }
            size_t d = depth++;
            if (d < stack.size()) {
                auto it = std::find(runnable.begin(), runnable.end(), stack[d].chosen);
                return it == runnable.end() ? 0 : size_t(it - runnable.begin());
            }
            Node n;
            n.runnable = runnable;
            n.pending = pend;
            n.current = current;
            if (d > 0) n.preemptions = stack[d - 1].preemptions + stack[d - 1].preempts();
            if (n.preemptions >= eo.max_preemptions && n.has_current())
                for (int t : runnable)
                    if (t != current) n.barred.push_back(t);
            if (eo.reduce && d > 0) {
                // The child's sleep set: what was asleep or explored at the
                // parent and commutes with the step the parent chose.
                const Node &parent = stack[d - 1];
                const Pending &step = parent.pending[size_t(parent.chosen)];
                for (int t : parent.sleep)
                    if (independent(parent.pending[size_t(t)], step)) n.sleep.push_back(t);
                for (int t : parent.done)
                    if (independent(parent.pending[size_t(t)], step) && !has(n.sleep, t))
                        n.sleep.push_back(t);
            }
            size_t pick = runnable.size();
            for (size_t i = 0; i < runnable.size() && pick == runnable.size(); i++)
                if (!has(n.sleep, runnable[i]) && !has(n.barred, runnable[i])) pick = i;
            if (pick == runnable.size()) { // every runnable thread asleep: a redundant order
                redundant = true;
                pick = 0;
                while (pick + 1 < runnable.size() && has(n.barred, runnable[pick])) pick++;
            }
            n.chosen = runnable[pick];
            stack.push_back(std::move(n));
            return pick;
        };
        Verdict v = run_program(p, opt);
        stack.resize(std::min(stack.size(), depth));
        if (redundant) {
            res.pruned++;
        } else {
            res.explored++;
            res.inconclusive += v.inconclusive;
            if (!v.ok) {
                res.failed = true;
                res.failing = p;
                res.failing.schedules = v.schedules;
                res.verdict = std::move(v);
                return res;
            }
        }
        // Backtrack to the deepest decision with an untried, awake thread.
        while (!stack.empty()) {
            Node &n = stack.back();
            n.done.push_back(n.chosen);
            int next = -1;
            for (int t : n.runnable)
                if (!has(n.done, t) && !has(n.sleep, t) && !has(n.barred, t)) {
                    next = t;
                    break;
                }
            if (next >= 0) {
                n.chosen = next;
                break;
            }
            stack.pop_back();
        }
        if (stack.empty()) {
            res.complete = true;
            return res;
        }
    }
}

} // namespace lu
