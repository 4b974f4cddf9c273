// An optional record of one run, for pictures: what each simulated thread did
// in the order of the run's scheduling events (logical ticks, not wall clock):
// its steps, scheduling points, mutex waits and wake-ups, fault-site calls and
// injected faults, kernel reports, and the verdict. run_program fills one when
// RunOptions::timeline points at it; timeline_html() draws it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lu {

enum class TlEv : uint8_t {
    point,     // the thread reached a scheduling point (sub: lu_sched_kind; obj)
    resume,    // it runs again (tick: the decision that let it); value: 0 when a
               // wait ended without a wake-up (a deadlock)
    block,     // it waits for a held mutex (obj)
    wake,      // it released a mutex others wait for (obj)
    site_call, // a call of a fault site that did not fail (sub: lu_site; value: nth in the step)
    fault,     // a call of a fault site made to fail (sub, value: as site_call)
    report,    // a kernel event (sub: lu_event_kind; text: the message; value:
               // 1 for the one that killed the port)
};

// Lane 0 holds the sequential steps; lane t + 1 thread t of the blocks.
struct TlEvent {
    uint32_t tick = 0;
    TlEv ev{};
    uint8_t sub = 0;
    int lane = 0;
    int step = -1;
    int obj = -1; // index into Timeline::objects, or -1
    int64_t value = 0;
    std::string text;
};

struct TlStep {
    std::string text; // the step as the .lu format prints it
    int lane = 0;
    bool ran = false;
    uint32_t begin = 0, end = 0; // ticks
    int ret = 0;                 // the port's result
};

struct Timeline {
    std::string title; // set by the caller (the file, the bugs)
    std::vector<TlEvent> events;
    std::vector<TlStep> steps;        // one per step of the Program
    std::vector<std::string> objects; // the mutexes named, in first-seen order
    int threads = 0;                  // lanes 1..threads
    uint32_t ticks = 0;               // the last tick handed out
    // The verdict, the tick at which the run stopped, and the steps to mark
    // as failing: the verdict's, or in a failing block the one whose report
    // killed the port (else all of the block's).
    bool ok = true;
    bool ended_by_panic = false; // a pass: the model predicted the panic
    int fail_step = -1;
    std::string signature, detail;
    uint32_t end_tick = 0;
    std::vector<int> failing_steps;

    // Recording state: object ids by address and name; the sequential step;
    // whether the report that killed the port is marked.
    std::map<std::pair<const void *, std::string>, int> object_ids;
    int seq_step = -1;
    bool killed = false;
};

// What the events add up to, per lane: a step running, a mutex held, a mutex
// waited for, and a thread preempted at a point while another ran.
struct TlSpan {
    enum class Kind : uint8_t { hold, wait, preempted };
    Kind kind{};
    int lane = 0;
    int obj = -1;
    int step = -1;
    uint32_t from = 0, to = 0;
};
std::vector<TlSpan> timeline_spans(const Timeline &t);

// A self-contained HTML page (inline SVG and CSS, no script, no external
// resources) drawing @t: a lane per thread, a legend, hover titles.
std::string timeline_html(const Timeline &t);

} // namespace lu
