// timeline_html(): the page around the SVG drawing of a Timeline: title,
// verdict, legend (with the colour of each mutex), the drawing in a scrolling
// box, and the steps as a table. Inline CSS only: the page opens offline.
#include <lu/hooks.h>

#include "timeline_svg.h"

namespace lu {
namespace {

using tl::esc;

constexpr const char *kStyle = R"(
body{font:13px/1.4 "DejaVu Sans",Verdana,sans-serif;color:#222;margin:14px 18px;background:#fff}
h1{font-size:17px;margin:0 0 2px}
.sub{color:#666;margin-bottom:6px}
.verdict-line{padding:5px 10px;border-radius:4px;margin:6px 0;font-family:"DejaVu Sans Mono",monospace;font-size:12.5px}
.verdict-line.bad{background:#fdecea;border:1px solid #e8a39d;color:#8a1c13}
.verdict-line.ok{background:#e9f6ec;border:1px solid #9fd3aa;color:#1d5e2b}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0 8px;font-size:12px;color:#333}
.legend span{display:inline-flex;align-items:center;gap:5px}
.scroll{overflow-x:auto;border:1px solid #ddd;border-radius:4px}
svg text{font-family:"DejaVu Sans",Verdana,sans-serif}
.lanebg{fill:#fafbfc}.lanebg.odd{fill:#f3f5f8}
.lane{font-size:13px;font-weight:bold;fill:#333}.lanesub{font-size:10px;fill:#888}
.lockname{font-size:10.5px;text-anchor:end}
.band{fill:#fff6d8;stroke:#e5c76b;stroke-dasharray:4 3;opacity:.8}
.bandlabel{font-size:10.5px;fill:#9a7a12}
.grid{stroke:#e3e6ea;stroke-width:1}.axis{font-size:10px;fill:#777;text-anchor:middle}
.axisname{font-size:10px;fill:#777}
.op{fill:#dbe6f4;stroke:#6f8bb3;stroke-width:1.2}.op.thr{fill:#e4ecd9;stroke:#7d9a5a}
.op.err{fill:#fbe3c8}.op.failed{stroke:#d62728;stroke-width:2.6}
.oplabel{font-family:"DejaVu Sans Mono",monospace!important;font-size:11px;fill:#1d2b3a}
.oplabel.bad{fill:#b0170f;font-weight:bold}
.preempt{fill:url(#hatch);opacity:.9}
.hold{opacity:.9}.wait{fill:url(#waitp);stroke-width:1.5}
.holdlabel{font-size:10px;fill:#fff;font-weight:bold}.waitlabel{font-size:10px;fill:#8a1c13;font-weight:bold}
.wakeline{stroke-width:1.4;stroke-dasharray:3 2}
.call{fill:#555;opacity:.65}
.fault path{stroke:#d62728;stroke-width:3;fill:none;stroke-linecap:round}.fault path.halo{stroke:#fff;stroke-width:6}
.report circle{fill:#f0a202;stroke:#fff;stroke-width:1.5}.report.fatalmark circle{fill:#d62728}
.bang{font-size:12px;font-weight:bold;fill:#fff;text-anchor:middle}
.note{font-size:10px}.note.fault{fill:#c0271d}.note.fatal{fill:#b0170f;font-weight:bold}.note.report{fill:#a06a00}
.verdict line{stroke-width:2;stroke-dasharray:6 3}.verdict.bad line{stroke:#d62728}.verdict.ok line{stroke:#2e8b57}
.flag{stroke:none}.verdict.bad .flag{fill:#d62728}.verdict.ok .flag{fill:#2e8b57}
.flagtext{font-size:12px;font-weight:bold;fill:#fff;font-family:"DejaVu Sans Mono",monospace!important}
table{border-collapse:collapse;margin-top:10px;font-size:12px}
td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
th{color:#666;font-weight:normal;border-bottom:1px solid #ddd}
td.mono{font-family:"DejaVu Sans Mono",monospace}
tr.failed td{color:#b0170f;font-weight:bold}
)";

std::string swatch(const std::string &inner) {
    return "<svg width=\"22\" height=\"16\" viewBox=\"0 0 22 16\">" + inner + "</svg>";
}

std::string legend(const Timeline &t) {
    auto item = [](const std::string &svg, const std::string &what) {
        return "<span>" + swatch(svg) + esc(what) + "</span>";
    };
    std::string o = "<div class=\"legend\">";
    o += item("<rect class=\"op\" x=\"1\" y=\"3\" width=\"20\" height=\"10\" rx=\"2\"/>",
              "sequential step");
    o += item("<rect class=\"op thr\" x=\"1\" y=\"3\" width=\"20\" height=\"10\" rx=\"2\"/>",
              "step of a thread");
    o += item("<rect class=\"op err\" x=\"1\" y=\"3\" width=\"20\" height=\"10\" rx=\"2\"/>",
              "returned an error");
    o += item("<rect class=\"op failed\" x=\"2\" y=\"3\" width=\"18\" height=\"10\" rx=\"2\"/>",
              "failing step");
    o += item("<rect class=\"preempt\" x=\"1\" y=\"3\" width=\"20\" height=\"10\"/>", "preempted");
    o +=
        item("<rect class=\"wait\" stroke=\"#4e79a7\" x=\"1\" y=\"3\" width=\"20\" height=\"10\"/>",
             "waits for a mutex");
    o += item("<polygon fill=\"#4e79a7\" points=\"5,3 17,3 11,13\"/>", "lock");
    o += item("<polygon fill=\"#fff\" stroke=\"#4e79a7\" stroke-width=\"1.8\" "
              "points=\"6,13 16,13 11,4\"/>",
              "unlock");
    o += item("<circle fill=\"#fff\" stroke=\"#4e79a7\" stroke-width=\"2\" cx=\"11\" cy=\"8\" "
              "r=\"4.5\"/>",
              "wakes waiters");
    o += item("<circle fill=\"#6b6b6b\" cx=\"11\" cy=\"8\" r=\"3.8\"/>", "alloc (may sleep)");
    o += item("<polygon fill=\"#8c6bb1\" points=\"11,2 17,8 11,14 5,8\"/>", "driver op");
    o += item("<rect fill=\"#2a9d8f\" stroke=\"#1b7f74\" x=\"6\" y=\"3\" width=\"10\" "
              "height=\"10\"/>",
              "FLB get");
    o += item("<rect fill=\"#fff\" stroke=\"#1b7f74\" stroke-width=\"1.8\" x=\"6\" y=\"3\" "
              "width=\"10\" height=\"10\"/>",
              "FLB put");
    o += item("<circle class=\"call\" cx=\"11\" cy=\"8\" r=\"2.6\"/>", "fault-site calls");
    o += item("<g class=\"fault\"><path d=\"M6 3L16 13M16 3L6 13\"/></g>", "injected fault");
    o += item("<g class=\"report\"><circle cx=\"11\" cy=\"8\" r=\"7\"/></g>", "kernel report");
    o += item("<g class=\"report fatalmark\"><circle cx=\"11\" cy=\"8\" r=\"7\"/></g>",
              "fatal report");
    for (size_t i = 0; i < t.objects.size(); i++)
        o += item("<rect x=\"1\" y=\"3\" width=\"20\" height=\"10\" rx=\"2\" fill=\"" +
                      std::string(tl::object_colour(int(i))) + "\"/>",
                  t.objects[i]);
    return o + "</div>\n";
}

std::string steps_table(const Timeline &t) {
    std::string o = "<table><tr><th>step</th><th>lane</th><th>op</th><th>port</th>"
                    "<th>ticks</th></tr>\n";
    for (size_t i = 0; i < t.steps.size(); i++) {
        const TlStep &s = t.steps[i];
        const bool failed = tl::is_failing(t, i);
        const std::string label = tl::step_label(s);
        o += std::string("<tr") + (failed ? " class=\"failed\"" : "") + "><td>" +
             std::to_string(i) + "</td><td>" + tl::lane_name(s.lane) + "</td><td class=\"mono\">" +
             esc(s.text) + "</td><td class=\"mono\">" +
             (s.ran ? esc(label.substr(label.rfind(' ') + 1)) : "not run") + "</td><td>" +
             (s.ran ? std::to_string(s.begin) + "\u2013" + std::to_string(s.end) : "") +
             "</td></tr>\n";
    }
    return o + "</table>\n";
}

} // namespace

std::string timeline_html(const Timeline &t) {
    std::string o = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                    esc(t.title.empty() ? "lu timeline" : "lu timeline: " + t.title) +
                    "</title>\n<style>" + kStyle + "</style></head>\n<body>\n";
    o += "<h1>" + esc(t.title.empty() ? "lu timeline" : t.title) + "</h1>\n";
    o += "<div class=\"sub\">" + std::to_string(t.steps.size()) + " steps, " +
         std::to_string(t.threads) + " thread lane(s), " + std::to_string(t.end_tick) +
         " ticks (one per scheduling event, not wall clock). Hover for details.</div>\n";
    if (t.ok)
        o += std::string("<div class=\"verdict-line ok\">\u2713 pass") +
             (t.ended_by_panic ? ", ended by the panic the model predicted" : "") + "</div>\n";
    else
        o += "<div class=\"verdict-line bad\">\u2717 " + esc(t.signature) + " at step " +
             std::to_string(t.fail_step) + ": " + esc(t.detail) + "</div>\n";
    o += legend(t);
    o += "<div class=\"scroll\">\n" + tl::svg(t) + "</div>\n";
    o += steps_table(t);
    return o + "</body></html>\n";
}

} // namespace lu
