// The layout and the frame of the SVG drawing of a Timeline: the scale of a
// tick, the height of each lane (its mutex rows and note rows), the slanted
// labels of short sequential steps, the lane backgrounds and names, the
// concurrent blocks and the tick axis. timeline_draw.cc draws the rest.
#include "timeline_svg.h"

#include <algorithm>
#include <cstdio>

#include <lu/hooks.h>
#include <sut.h>

namespace lu::tl {

std::string esc(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

size_t chars(std::string_view utf8) {
    size_t n = 0;
    for (char c : utf8) n += (c & 0xc0) != 0x80;
    return n;
}

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

std::string hover(const std::string &s) { return "<title>" + esc(s) + "</title>"; }

const char *object_colour(int obj) {
    static const char *const palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2",
                                          "#9c755f", "#edc948", "#ff9da7", "#bab0ac"};
    return obj < 0 ? "#888" : palette[size_t(obj) % std::size(palette)];
}

std::string lane_name(int lane) { return lane ? "t" + std::to_string(lane - 1) : "steps"; }

std::string step_label(const TlStep &s) {
    std::string text = s.text.substr(0, s.text.find("  (fail:"));
    return s.ran ? text + " \u2192 " + sut::errno_name(s.ret) : text;
}

std::string point_text(const Timeline &t, const TlEvent &e) {
    std::string s = lu_sched_kind_name(lu_sched_kind(e.sub));
    if (e.sub == LU_SCHED_flb_get) s = "FLB get";
    if (e.sub == LU_SCHED_flb_put) s = "FLB put";
    if (e.sub == LU_SCHED_driver) s = "driver op";
    if (e.obj >= 0 && size_t(e.obj) < t.objects.size()) s += " " + t.objects[size_t(e.obj)];
    return s;
}

std::string where(const Timeline &t, const TlEvent &e) {
    std::string s = "tick " + std::to_string(e.tick) + " \u00b7 " + lane_name(e.lane);
    if (e.step >= 0 && size_t(e.step) < t.steps.size())
        s += " \u00b7 step " + std::to_string(e.step) + ": " + step_label(t.steps[size_t(e.step)]);
    return s;
}

bool is_failing(const Timeline &t, size_t step) {
    return std::find(t.failing_steps.begin(), t.failing_steps.end(), int(step)) !=
           t.failing_steps.end();
}

namespace {

Note note_of(const Timeline &t, const Layout &l, const TlEvent &e) {
    Note nt;
    nt.x = l.x(e.tick) - 4;
    const std::string site = lu_site_name(lu_site(e.sub));
    if (e.ev == TlEv::fault) {
        nt.text = "\u2717 " + site + "#" + std::to_string(e.value);
        nt.cls = "note fault";
        nt.hover = "fault injected: call #" + std::to_string(e.value) + " of " + site +
                   " in this step fails\n" + where(t, e);
    } else {
        const auto kind = lu_event_kind(e.sub);
        const bool fatal = e.value == 1;
        const std::string msg = e.text.size() > 64 ? e.text.substr(0, 63) + "\u2026" : e.text;
        nt.text =
            std::string(fatal ? "\u2620 " : "\u26a0 ") + lu_event_kind_name(kind) + ": " + msg;
        nt.cls = fatal ? "note fatal" : "note report";
        nt.hover = std::string(fatal ? "fatal kernel report (" : "kernel report (") +
                   lu_event_kind_name(kind) + "): " + e.text + "\n" + where(t, e);
    }
    nt.w = double(chars(nt.text)) * Layout::kNoteChar + 6;
    return nt;
}

} // namespace

Layout layout(const Timeline &t) {
    Layout l;
    l.spans = timeline_spans(t);
    const uint32_t ticks = std::max<uint32_t>(t.end_tick, 2) - l.first;
    l.px = std::clamp((1360.0 - Layout::kGutter - 40) / ticks, 8.0, 44.0);
    l.lanes.resize(size_t(t.threads) + 1);
    for (size_t i = 0; i < l.lanes.size(); i++) l.lanes[i].id = int(i);
    for (const TlSpan &s : l.spans) {
        if (s.kind == TlSpan::Kind::preempted || s.obj < 0) continue;
        auto &o = l.lanes[size_t(s.lane)].objs;
        if (std::find(o.begin(), o.end(), s.obj) == o.end()) o.push_back(s.obj);
    }
    // Notes start under their event, or end at the run's end when longer.
    const double end = l.x(t.end_tick) + 30;
    for (const TlEvent &e : t.events) {
        if (e.ev != TlEv::fault && e.ev != TlEv::report) continue;
        Note nt = note_of(t, l, e);
        if (nt.x + nt.w > end) nt.x = std::max(Layout::kGutter, end - nt.w);
        l.lanes[size_t(e.lane)].notes_list.push_back(nt);
    }
    for (Lane &ln : l.lanes) {
        std::sort(ln.objs.begin(), ln.objs.end());
        std::vector<double> ends; // notes go to the first row with room, at most 4 rows
        for (Note &nt : ln.notes_list) {
            size_t r = 0;
            while (r < ends.size() && r < 3 && nt.x < ends[r] + 8) r++;
            if (r == ends.size()) ends.push_back(0);
            ends[r] = std::max(ends[r], nt.x + nt.w);
            nt.row = int(r);
        }
        ln.note_rows = int(ends.size());
    }
    double slant_h = 0;
    for (const TlStep &s : t.steps) {
        if (!s.ran || s.lane != 0) continue;
        const double len = double(chars(step_label(s))) * Layout::kMonoChar;
        if (len + 8 > double(s.end - s.begin) * l.px) l.slant = true;
        slant_h = std::max(slant_h, std::min(len, 240.0) * 0.5736 + 12); // sin 35 degrees
    }
    double y = Layout::kAxis + 8;
    for (Lane &ln : l.lanes) {
        ln.top = y;
        if (ln.id == 0 && l.slant) y += slant_h;
        if (ln.id == 1) y += Layout::kBandLabel;
        ln.bar = y;
        ln.strip = ln.bar + Layout::kBar + 2;
        ln.locks = ln.strip + Layout::kStrip + 2;
        ln.notes = ln.locks + double(ln.objs.size()) * (Layout::kLockRow + Layout::kLockGap);
        ln.bottom = ln.notes + ln.note_rows * Layout::kNoteRow + 2;
        y = ln.bottom + Layout::kLaneGap;
    }
    l.height = y;
    double right = l.x(t.end_tick) + 40;
    for (const Lane &ln : l.lanes)
        for (const Note &nt : ln.notes_list) right = std::max(right, nt.x + nt.w + 10);
    l.width = right;
    return l;
}

std::string frame(const Timeline &t, const Layout &l) {
    std::string o;
    for (const Lane &ln : l.lanes) {
        o += "<rect class=\"lanebg" + std::string(ln.id % 2 ? " odd" : "") + "\" x=\"0\" y=\"" +
             num(ln.top - 6) + "\" width=\"" + num(l.width) + "\" height=\"" +
             num(ln.bottom - ln.top + 12) + "\"/>\n";
        o += "<text class=\"lane\" x=\"12\" y=\"" + num(ln.bar + 17) + "\">" +
             (ln.id ? "thread " : "") + lane_name(ln.id) + "</text>\n";
        o += "<text class=\"lanesub\" x=\"12\" y=\"" + num(ln.strip + 12) + "\">" +
             (ln.id ? "scheduling points" : "sequential steps") + "</text>\n";
        for (size_t i = 0; i < ln.objs.size(); i++)
            o += "<text class=\"lockname\" fill=\"" + std::string(object_colour(ln.objs[i])) +
                 "\" x=\"" + num(Layout::kGutter - 10) + "\" y=\"" +
                 num(ln.locks + double(i) * (Layout::kLockRow + Layout::kLockGap) + 11) + "\">" +
                 esc(t.objects[size_t(ln.objs[i])]) + "</text>\n";
    }
    for (size_t i = 0; i < t.steps.size() && l.lanes.size() > 1;) {
        if (!t.steps[i].ran || t.steps[i].lane == 0) {
            i++;
            continue;
        }
        size_t j = i;
        uint32_t from = t.steps[i].begin, to = t.steps[i].end;
        for (; j < t.steps.size() && t.steps[j].ran && t.steps[j].lane > 0; j++) {
            from = std::min(from, t.steps[j].begin);
            to = std::max(to, t.steps[j].end);
        }
        const double y0 = l.lanes[1].top - 2, y1 = l.lanes.back().bottom + 4;
        const std::string what =
            "concurrent block, steps " + std::to_string(i) + "\u2013" + std::to_string(j - 1);
        o += "<rect class=\"band\" x=\"" + num(l.x(from) - 6) + "\" y=\"" + num(y0) +
             "\" width=\"" + num(l.x(to) - l.x(from) + 12) + "\" height=\"" + num(y1 - y0) + "\">" +
             hover(what + ", ticks " + std::to_string(from) + "\u2013" + std::to_string(to)) +
             "</rect>\n<text class=\"bandlabel\" x=\"" + num(l.x(from) - 2) + "\" y=\"" +
             num(y0 + 12) + "\">" + what + "</text>\n";
        i = j;
    }
    uint32_t every = 1;
    for (uint32_t c : {1u, 2u, 5u, 10u, 20u, 50u, 100u, 200u, 500u, 1000u, 2000u, 5000u})
        if ((every = c) * l.px >= 28) break;
    for (uint32_t k = l.first; k <= t.end_tick; k++) {
        if (k % every) continue;
        const std::string x = num(l.x(k));
        o += "<line class=\"grid\" x1=\"" + x + "\" y1=\"" + num(Layout::kAxis - 4) + "\" x2=\"" +
             x + "\" y2=\"" + num(l.height - 4) + "\"/><text class=\"axis\" x=\"" + x + "\" y=\"" +
             num(Layout::kAxis - 9) + "\">" + std::to_string(k) + "</text>\n";
    }
    o += "<text class=\"axisname\" x=\"12\" y=\"" + num(Layout::kAxis - 9) +
         "\">tick (scheduling events) \u2192</text>\n";
    return o;
}

std::string svg(const Timeline &t) {
    const Layout l = layout(t);
    const std::string w = num(l.width), h = num(l.height);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
           "\" viewBox=\"0 0 " + w + " " + h + "\">\n" +
           "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f1f1f1\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#a8a8a8\" stroke-width=\"2\"/>"
           "</pattern><pattern id=\"waitp\" width=\"6\" height=\"6\" "
           "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
           "<rect width=\"6\" height=\"6\" fill=\"#fde2e2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" "
           "y2=\"6\" stroke=\"#d62728\" stroke-width=\"2.2\"/></pattern></defs>\n" +
           frame(t, l) + content(t, l) + "</svg>\n";
}

} // namespace lu::tl
