// Internal to the timeline renderer: the layout of the SVG drawing of a
// Timeline (x is the tick; a lane per thread, the sequential steps first),
// the two halves that draw it (the frame; the spans and markers), and what
// the HTML page around it shares with them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "timeline.h"

namespace lu::tl {

// A text under a lane: an injected fault, a kernel report.
struct Note {
    double x = 0, w = 0;
    std::string text, cls, hover;
    int row = 0;
};

struct Lane {
    int id = 0; // 0: the sequential steps; t + 1: thread t
    // Tops of its parts: the step spans, the points, the mutex rows, the notes.
    double top = 0, bar = 0, strip = 0, locks = 0, notes = 0, bottom = 0;
    std::vector<int> objs; // the mutexes it held or waited for
    std::vector<Note> notes_list;
    int note_rows = 0;
};

struct Layout {
    uint32_t first = 1;
    double px = 20;     // per tick
    bool slant = false; // short sequential steps: labels slanted above the lane
    double width = 0, height = 0;
    std::vector<Lane> lanes;
    std::vector<TlSpan> spans;
    double x(uint32_t tick) const { return kGutter + (double(tick) - first) * px; }

    static constexpr double kGutter = 150, kAxis = 30, kBar = 24, kStrip = 18, kLockRow = 14,
                            kLockGap = 3, kNoteRow = 14, kLaneGap = 16, kBandLabel = 16;
    static constexpr double kMonoChar = 6.62; // DejaVu Sans Mono at 11px
    static constexpr double kNoteChar = 6.1;  // DejaVu Sans at 10px, about
};

Layout layout(const Timeline &t);
std::string frame(const Timeline &t, const Layout &l);   // backgrounds, blocks, axis
std::string content(const Timeline &t, const Layout &l); // spans, points, notes, verdict
std::string svg(const Timeline &t);

std::string esc(std::string_view s);
size_t chars(std::string_view utf8); // characters, not bytes
std::string num(double v);
std::string hover(const std::string &s); // an SVG <title>
// The colour of object @obj (a mutex, the FLB), stable per first-seen order.
const char *object_colour(int obj);
std::string lane_name(int lane);
// The step as drawn on its span: without its faults, with the port's result.
std::string step_label(const TlStep &s);
// What happened at a scheduling point: "lock FLB lock", "alloc", ...
std::string point_text(const Timeline &t, const TlEvent &e);
// "tick 12 · t1 · step 10 dev_restore(v0) -> 0"
std::string where(const Timeline &t, const TlEvent &e);
bool is_failing(const Timeline &t, size_t step); // drawn as the failing step

} // namespace lu::tl
