// The contents of the SVG drawing of a Timeline, over its frame: the step
// spans (the failing one outlined), preemptions, mutex hold and wait spans,
// wake-ups, scheduling points, fault-site calls, injected faults, kernel
// reports, and the line where the run stopped with the verdict's signature.
#include <algorithm>
#include <map>

#include <lu/hooks.h>

#include "timeline_svg.h"

namespace lu::tl {
namespace {

using L = Layout;

// @s, or as much of it as fits in @width (whole UTF-8 characters, then an
// ellipsis), or nothing when even that would be too short to read.
std::string fit(const std::string &s, double width, double ch) {
    const double room = (width - 8) / ch;
    if (room >= double(chars(s))) return s;
    if (room < 5) return std::string();
    const size_t keep = size_t(room) - 1;
    size_t at = 0;
    for (size_t n = 0; at < s.size(); at++) {
        if ((s[at] & 0xc0) == 0x80) continue; // inside a character
        if (n++ == keep) break;
    }
    return s.substr(0, at) + "\u2026";
}

std::string rect(const std::string &cls, double x, double y, double w, double h,
                 const std::string &extra = "") {
    return "<rect class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" +
           num(std::max(w, 3.0)) + "\" height=\"" + num(h) + "\"" + extra + ">";
}

std::string text(const std::string &cls, double x, double y, const std::string &s,
                 const std::string &extra = "") {
    return "<text class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + extra + ">" +
           esc(s) + "</text>\n";
}

// A scheduling point's glyph, centred on (x, cy); @tip is its hover text.
std::string glyph(const TlEvent &e, double x, double cy, const std::string &tip) {
    const std::string c = object_colour(e.obj), h = hover(tip);
    auto poly = [&](const std::string &attrs, std::initializer_list<double> xy) {
        std::string pts;
        for (auto it = xy.begin(); it != xy.end(); it += 2)
            pts += (pts.empty() ? "" : " ") + num(x + it[0]) + "," + num(cy + it[1]);
        return "<polygon class=\"pt\" " + attrs + " points=\"" + pts + "\">" + h + "</polygon>\n";
    };
    switch (e.sub) {
    case LU_SCHED_lock:
        return poly("fill=\"" + c + "\"", {-5.5, -5, 5.5, -5, 0, 5});
    case LU_SCHED_unlock:
        return poly("fill=\"#fff\" stroke-width=\"1.8\" stroke=\"" + c + "\"",
                    {-5, 5, 5, 5, 0, -4.5});
    case LU_SCHED_alloc:
        return "<circle class=\"pt\" fill=\"#6b6b6b\" cx=\"" + num(x) + "\" cy=\"" + num(cy) +
               "\" r=\"3.8\">" + h + "</circle>\n";
    case LU_SCHED_driver:
        return poly("fill=\"#8c6bb1\"", {0, -5.5, 5.5, 0, 0, 5.5, -5.5, 0});
    default:
        return rect("pt", x - 4.5, cy - 4.5, 9, 9,
                    std::string(" stroke=\"#1b7f74\" stroke-width=\"1.8\" fill=\"") +
                        (e.sub == LU_SCHED_flb_get ? "#2a9d8f" : "#fff") + "\"") +
               h + "</rect>\n";
    }
}

std::string spans_of_steps(const Timeline &t, const Layout &l) {
    std::string o, labels;
    // A label may run on past its span, up to the lane's next span.
    std::vector<double> room(t.steps.size(), l.width);
    std::vector<size_t> last(l.lanes.size(), SIZE_MAX);
    for (size_t i = 0; i < t.steps.size(); i++) {
        const TlStep &s = t.steps[i];
        if (!s.ran) continue;
        if (size_t &k = last[size_t(s.lane)]; k != SIZE_MAX) room[k] = l.x(s.begin);
        last[size_t(s.lane)] = i;
    }
    for (size_t i = 0; i < t.steps.size(); i++) {
        const TlStep &s = t.steps[i];
        if (!s.ran) continue;
        const Lane &ln = l.lanes[size_t(s.lane)];
        const double x0 = l.x(s.begin), w = std::max(l.x(s.end) - x0, 4.0);
        const bool failed = is_failing(t, i);
        const std::string label = (failed ? "\u2717 " : "") + step_label(s);
        std::string tip = "step " + std::to_string(i) + " on " + lane_name(s.lane) + ": " + s.text +
                          "\nport result: " + step_label(s).substr(step_label(s).rfind(' ') + 1) +
                          "\nticks " + std::to_string(s.begin) + "\u2013" + std::to_string(s.end);
        if (failed) tip += "\nthe run fails here: " + t.signature + "\n" + t.detail;
        o += rect(std::string("op") + (s.lane ? " thr" : "") + (s.ret < 0 ? " err" : "") +
                      (failed ? " failed" : ""),
                  x0, ln.bar, w, L::kBar, " rx=\"3\"") +
             hover(tip) + "</rect>\n";
        if (s.lane == 0 && l.slant)
            labels += text(
                "oplabel slant" + std::string(failed ? " bad" : ""), x0 + w / 2, ln.bar - 5, label,
                " transform=\"rotate(-35 " + num(x0 + w / 2) + " " + num(ln.bar - 5) + ")\"");
        else if (std::string f = fit(label, std::max(w, room[i] - x0 - 6), L::kMonoChar);
                 !f.empty())
            labels += text("oplabel" + std::string(failed ? " bad" : ""), x0 + 5, ln.bar + 16, f);
    }
    for (const TlSpan &s : l.spans)
        if (s.kind == TlSpan::Kind::preempted)
            o += rect("preempt", l.x(s.from), l.lanes[size_t(s.lane)].bar + 1,
                      l.x(s.to) - l.x(s.from), L::kBar - 2) +
                 hover(lane_name(s.lane) + " preempted at tick " + std::to_string(s.from) +
                       ": other threads run until tick " + std::to_string(s.to)) +
                 "</rect>\n";
    return o + labels;
}

std::string spans_of_locks(const Timeline &t, const Layout &l) {
    std::string o;
    for (const TlSpan &s : l.spans) {
        if (s.kind == TlSpan::Kind::preempted) continue;
        const Lane &ln = l.lanes[size_t(s.lane)];
        const auto row = std::find(ln.objs.begin(), ln.objs.end(), s.obj) - ln.objs.begin();
        const double y = ln.locks + double(row) * (L::kLockRow + L::kLockGap);
        const double x0 = l.x(s.from), w = l.x(s.to) - x0;
        const std::string &name = t.objects[size_t(s.obj)];
        const bool hold = s.kind == TlSpan::Kind::hold;
        const std::string ticks =
            "ticks " + std::to_string(s.from) + "\u2013" + std::to_string(s.to);
        o += rect(hold ? "hold" : "wait", x0, y, w, L::kLockRow,
                  std::string(" rx=\"2\" ") + (hold ? "fill" : "stroke") + "=\"" +
                      object_colour(s.obj) + "\"") +
             hover(lane_name(s.lane) + (hold ? " holds " : " waits for ") + name +
                   (hold ? "" : " (held by another thread)") + ", " + ticks) +
             "</rect>\n";
        const std::string label = fit(hold ? name : "waits for " + name, w, 6.0);
        if (!label.empty()) o += text(hold ? "holdlabel" : "waitlabel", x0 + 4, y + 10.5, label);
    }
    return o;
}

std::string events(const Timeline &t, const Layout &l) {
    std::string o, marks;
    // Fault-site calls, one dot per lane and tick.
    std::map<std::pair<int, uint32_t>, std::map<std::string, int>> calls;
    for (const TlEvent &e : t.events)
        if (e.ev == TlEv::site_call || e.ev == TlEv::fault)
            calls[{e.lane, e.tick}][lu_site_name(lu_site(e.sub))]++;
    for (const auto &[at, sites] : calls) {
        std::string tip = "fault-site calls at tick " + std::to_string(at.second) + ":";
        for (const auto &[site, k] : sites) tip += "\n  " + site + " \u00d7" + std::to_string(k);
        o += "<circle class=\"call\" cx=\"" + num(l.x(at.second) + 7) + "\" cy=\"" +
             num(l.lanes[size_t(at.first)].bar + L::kBar - 3) + "\" r=\"2.2\">" + hover(tip) +
             "</circle>\n";
    }
    for (const TlEvent &e : t.events) {
        const Lane &ln = l.lanes[size_t(e.lane)];
        const double x = l.x(e.tick), mid = ln.bar + L::kBar / 2;
        switch (e.ev) {
        case TlEv::point:
            o += glyph(e, x, ln.strip + 9, where(t, e) + "\n" + point_text(t, e));
            break;
        case TlEv::wake:
            for (const TlSpan &s : l.spans) {
                if (s.kind != TlSpan::Kind::wait || s.obj != e.obj || s.lane == e.lane ||
                    s.from > e.tick || s.to < e.tick)
                    continue;
                const Lane &to = l.lanes[size_t(s.lane)];
                const auto row = std::find(to.objs.begin(), to.objs.end(), s.obj) - to.objs.begin();
                const double y1 = to.locks + double(row) * (L::kLockRow + L::kLockGap) + 7;
                o += "<line class=\"wakeline\" stroke=\"" + std::string(object_colour(e.obj)) +
                     "\" x1=\"" + num(x) + "\" y1=\"" + num(ln.strip + 9) + "\" x2=\"" + num(x) +
                     "\" y2=\"" + num(y1) + "\"/>\n";
            }
            o += "<circle class=\"pt\" fill=\"#fff\" stroke-width=\"2\" stroke=\"" +
                 std::string(object_colour(e.obj)) + "\" cx=\"" + num(x) + "\" cy=\"" +
                 num(ln.strip + 9) + "\" r=\"4.5\">" +
                 hover(where(t, e) + "\nunlock wakes the waiters of " + t.objects[size_t(e.obj)]) +
                 "</circle>\n";
            break;
        case TlEv::fault:
            marks += "<g class=\"fault\">" +
                     hover(where(t, e) + "\nfault injected: " + lu_site_name(lu_site(e.sub)) +
                           " call #" + std::to_string(e.value) + " fails") +
                     "<path class=\"halo\" d=\"M" + num(x - 6) + " " + num(mid - 6) + "L" +
                     num(x + 6) + " " + num(mid + 6) + "M" + num(x + 6) + " " + num(mid - 6) + "L" +
                     num(x - 6) + " " + num(mid + 6) + "\"/><path d=\"M" + num(x - 6) + " " +
                     num(mid - 6) + "L" + num(x + 6) + " " + num(mid + 6) + "M" + num(x + 6) + " " +
                     num(mid - 6) + "L" + num(x - 6) + " " + num(mid + 6) + "\"/></g>\n";
            break;
        case TlEv::report: {
            const bool fatal = e.value == 1;
            const double cy = ln.strip + 9;
            marks += "<g class=\"report" + std::string(fatal ? " fatalmark" : "") + "\">" +
                     hover(where(t, e) + "\n" + (fatal ? "fatal: " : "") +
                           lu_event_kind_name(lu_event_kind(e.sub)) + ": " + e.text) +
                     "<circle cx=\"" + num(x) + "\" cy=\"" + num(cy) + "\" r=\"7.5\"/>" +
                     text("bang", x, cy + 4.2, "!") + "</g>\n";
            break;
        }
        default:
            break;
        }
    }
    for (const Lane &ln : l.lanes)
        for (const Note &nt : ln.notes_list)
            marks += "<g>" + hover(nt.hover) +
                     text(nt.cls, nt.x, ln.notes + nt.row * L::kNoteRow + 10, nt.text) + "</g>";
    return o + marks;
}

std::string verdict(const Timeline &t, const Layout &l) {
    const double x = l.x(t.end_tick);
    const std::string label = !t.ok              ? "\u2717 " + t.signature
                              : t.ended_by_panic ? "\u2713 pass (predicted panic)"
                                                 : "\u2713 pass";
    const double w = double(chars(label)) * 7.4 + 14;
    const std::string cls = t.ok ? "verdict ok" : "verdict bad";
    std::string tip = !t.ok ? "the run fails: " + t.signature
                      : t.ended_by_panic
                          ? "the run passes: the port panicked where the model predicted it"
                          : "the run passes";
    if (!t.ok) tip += " (step " + std::to_string(t.fail_step) + ")\n" + t.detail;
    return "<g class=\"" + cls + "\">" + hover(tip) + "<line x1=\"" + num(x) + "\" y1=\"" +
           num(L::kAxis - 4) + "\" x2=\"" + num(x) + "\" y2=\"" + num(l.height - 4) + "\"/>" +
           rect("flag", x - w, L::kAxis - 2, w, 18, " rx=\"3\"") + "</rect>" +
           text("flagtext", x - w + 7, L::kAxis + 11, label) + "</g>\n";
}

} // namespace

std::string content(const Timeline &t, const Layout &l) {
    return spans_of_steps(t, l) + spans_of_locks(t, l) + events(t, l) + verdict(t, l);
}

} // namespace lu::tl
