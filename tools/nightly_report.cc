// The nightly's reports: report.json (everything, for tools), junit.xml (one
// testcase per property family and per distinct failure, for CI dashboards)
// and summary.md (for people). Each is written atomically, so a reader never
// sees half a report, even when the run is interrupted.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "json.h"
#include "nightly.h"
#include "report.h"
#include <sut.h>

namespace lu::tools {
namespace {

std::string xml(const std::string &s) {
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
            out += static_cast<unsigned char>(c) < 0x20 && c != '\n' ? ' ' : c;
        }
    }
    return out;
}

// As the banner prints it: a JSON number would lose bits past 2^53 in most readers.
std::string seed_text(uint64_t seed) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)seed);
    return buf;
}

std::string state(const NightlyReport &r) {
    if (r.interrupted) return "interrupted";
    if (!r.finished) return "running";
    return r.worker_died() ? "incomplete" : "finished";
}

std::string json_report(const NightlyReport &r) {
    Json j;
    j.begin_object()
        .field("tool", "lu nightly")
        .field("seed", seed_text(r.seed))
        .field("shard", std::to_string(r.shard) + "/" + std::to_string(r.shards))
        .field("jobs", r.jobs)
        .field("bugs", r.bugs)
        .field("budget_seconds", r.budget)
        .field("elapsed_seconds", r.elapsed)
        .field("state", state(r));
    j.key("workers").begin_array();
    for (const WorkerEnd &w : r.workers)
        j.begin_object()
            .field("worker", w.index)
            .field("pid", int64_t(w.pid))
            .field("status", w.status)
            .field("failed", w.failed)
            .end_object();
    j.end_array().key("worker_failures").begin_array();
    for (const WorkerEnd &w : r.workers)
        if (w.failed)
            j.begin_object()
                .field("worker", w.index)
                .field("pid", int64_t(w.pid))
                .field("status", w.status)
                .end_object();
    j.end_array();
    const sut::Identity &id = sut::identity();
    j.key("sut")
        .begin_object()
        .field("kind", id.kind)
        .field("tree", id.tree)
        .field("revision", id.rev)
        .field("git_describe", id.describe)
        .field("files_sha256", id.hash)
        .field("luo_generation", id.luo_gen_a ? "A" : "B")
        .end_object();
    j.key("known_defects").begin_array();
    for (const KnownDefect &d : r.baseline.present) {
        const auto it = r.known_seen.find(d.signature);
        j.begin_object()
            .field("signature", d.signature)
            .field("state", "present")
            .field("reproducer", d.path)
            .field("count", it == r.known_seen.end() ? uint64_t(0) : it->second)
            .end_object();
    }
    for (const KnownDefect &d : r.baseline.fixed)
        j.begin_object()
            .field("signature", d.signature)
            .field("state", "fixed")
            .field("reproducer", d.path)
            .end_object();
    for (const KnownDefect &d : r.baseline.changed)
        j.begin_object()
            .field("signature", d.signature)
            .field("state", "fails-otherwise")
            .field("verdict", d.verdict)
            .field("reproducer", d.path)
            .end_object();
    j.end_array();
    j.key("families").begin_array();
    for (const FamilyTally &t : r.families)
        j.begin_object()
            .field("name", t.name)
            .field("programs", t.programs)
            .field("runs", t.runs)
            .field("steps", t.steps)
            .field("failures", t.failures)
            .field("inconclusive", t.inconclusive)
            .end_object();
    j.end_array().key("failures").begin_array();
    for (const auto &[sig, f] : r.failures) {
        j.begin_object()
            .field("signature", sig)
            .field("family", f.family)
            .field("program_index", f.index)
            .field("count", f.count)
            .field("reproducer", f.path)
            .field("minimized", f.minimized)
            .field("steps_before", f.steps_before)
            .field("steps_after", f.steps_after)
            .field("preemptions", f.preemptions)
            .field("finding", f.finding.empty() ? sig : f.finding)
            .field("source", source_of(f.detail))
            .field("points_at", pointed_line(f.detail, f.suspects.empty() ? "" : f.suspects[0]))
            .field("detail", f.detail);
        j.key("culprits").begin_array();
        for (const std::string &c : f.culprits) j.value(c);
        j.end_array().key("suspects").begin_array();
        for (const std::string &s : f.suspects) j.value(s);
        j.end_array().field("suspect_decisive", f.decisive).end_object();
    }
    j.end_array().key("findings").begin_array();
    for (const auto &[finding, members] : findings_of(r)) {
        j.begin_object()
            .field("finding", finding)
            .field("reproducer", members.front()->path)
            .field("steps", members.front()->steps_after);
        j.key("signatures").begin_array();
        for (const NightlyFailure *f : members) j.value(f->signature);
        j.end_array().end_object();
    }
    j.end_array().end_object();
    return j.str() + "\n";
}

std::string junit(const NightlyReport &r) {
    size_t dead = 0;
    for (const WorkerEnd &w : r.workers) dead += w.failed;
    const auto findings = findings_of(r);
    size_t tests = r.families.size() + findings.size() + r.baseline.present.size() +
                   r.baseline.fixed.size() + dead,
           failed = findings.size() + dead;
    for (const FamilyTally &t : r.families) failed += t.failures > 0;
    char head[256];
    std::snprintf(head, sizeof(head),
                  "<testsuite name=\"lu-nightly\" tests=\"%zu\" failures=\"%zu\" time=\"%.1f\">\n",
                  tests, failed, r.elapsed);
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n" +
                      std::string(head) + "  <properties><property name=\"sut\" value=\"" +
                      xml(r.sut) + "\"/><property name=\"seed\" value=\"" + seed_text(r.seed) +
                      "\"/></properties>\n";
    for (const WorkerEnd &w : r.workers)
        if (w.failed)
            out += "  <testcase classname=\"lu.nightly.worker\" name=\"worker " +
                   std::to_string(w.index) + "\"><failure message=\"pid " + std::to_string(w.pid) +
                   " " + xml(w.status) +
                   "\">its programs since its last message are lost</failure></testcase>\n";
    for (const KnownDefect &d : r.baseline.present)
        out += "  <testcase classname=\"lu.nightly.known\" name=\"" + xml(d.signature) +
               "\"><system-out>known defect of revision " + xml(r.baseline.rev) +
               ", still present: lu replay " + xml(d.path) + " --trace</system-out></testcase>\n";
    for (const KnownDefect &d : r.baseline.fixed)
        out += "  <testcase classname=\"lu.nightly.known\" name=\"" + xml(d.signature) +
               "\"><system-out>known defect of revision " + xml(r.baseline.rev) +
               ", fixed in this tree (" + xml(d.path) + " passes)</system-out></testcase>\n";
    for (const FamilyTally &t : r.families) {
        out += "  <testcase classname=\"lu.nightly.family\" name=\"" + xml(t.name) + "\">";
        if (t.failures)
            out += "<failure message=\"" + std::to_string(t.failures) + " failing program(s) of " +
                   std::to_string(t.programs) + "\"/>";
        out += "<system-out>" + std::to_string(t.programs) + " programs, " +
               std::to_string(t.steps) + " steps, " + std::to_string(t.inconclusive) +
               " inconclusive</system-out></testcase>\n";
    }
    // One case per finding, named after its best reproducer; the other
    // signatures of the same root cause are listed in it.
    for (const auto &[finding, members] : findings) {
        const NightlyFailure &f = *members.front();
        out += "  <testcase classname=\"lu.nightly.finding\" name=\"" + xml(finding) +
               "\"><failure message=\"" + xml(f.detail) + "\">lu replay " + xml(f.path) +
               " --trace";
        for (size_t i = 1; i < members.size(); i++)
            out += "\nalso seen as " + xml(members[i]->signature) + ": lu replay " +
                   xml(members[i]->path) + " --trace";
        for (size_t i = 0; i < f.suspects.size(); i++)
            out += "\nsuspect " + std::to_string(i + 1) + ": " + xml(f.suspects[i]);
        out += "</failure></testcase>\n";
    }
    return out + "</testsuite>\n</testsuites>\n";
}

std::string markdown(const NightlyReport &r) {
    char buf[2048];
    std::snprintf(
        buf, sizeof(buf),
        "# lu nightly\n\nImplementation under test: %s.\n\nSeed `0x%llx`, shard %u/%u, %u "
        "job(s), bugs `%s`, %.0f s of "
        "%.0f s%s.\n\n| family | programs | steps | failures | inconclusive |\n"
        "|---|---:|---:|---:|---:|\n",
        r.sut.c_str(), (unsigned long long)r.seed, r.shard, r.shards, r.jobs, r.bugs.c_str(),
        r.elapsed, r.budget, r.interrupted ? " (interrupted)" : "");
    std::string out = buf;
    for (const FamilyTally &t : r.families)
        out += "| " + t.name + " | " + std::to_string(t.programs) + " | " +
               std::to_string(t.steps) + " | " + std::to_string(t.failures) + " | " +
               std::to_string(t.inconclusive) + " |\n";
    if (!r.baseline.present.empty() || !r.baseline.fixed.empty()) {
        out += "\nKnown defects of revision " + r.baseline.rev + ":\n\n";
        for (const KnownDefect &d : r.baseline.present)
            out += "- `" + d.signature + "`: still present (`" + d.path + "`)\n";
        for (const KnownDefect &d : r.baseline.fixed)
            out += "- `" + d.signature + "`: fixed in this tree (`" + d.path + "` passes)\n";
    }
    for (const WorkerEnd &w : r.workers)
        if (w.failed)
            out += "\n**Worker " + std::to_string(w.index) + " (pid " + std::to_string(w.pid) +
                   ") " + w.status + "**: its programs since its last message are lost.\n";
    if (r.failures.empty()) return out + "\nNo new failures.\n";
    const auto findings = findings_of(r);
    out += "\n" + std::to_string(findings.size()) + " finding(s) from " +
           std::to_string(r.failures.size()) +
           " distinct failure signature(s); a finding's failures shrink to the same program.\n";
    out += "\n| finding | signature | family | programs | steps (minimized) | preemptions | "
           "seeded bugs | reproducer |\n|---|---|---|---:|---:|---:|---|---|\n";
    for (const auto &[finding, members] : findings)
        for (const NightlyFailure *fp : members) {
            const NightlyFailure &f = *fp;
            std::string culprits;
            for (const std::string &c : f.culprits) culprits += (culprits.empty() ? "" : ", ") + c;
            out += "| `" + finding + "` | `" + f.signature + "` | " + f.family + " | " +
                   std::to_string(f.count) + " | " + std::to_string(f.steps_after) +
                   (f.minimized ? "" : " (not minimized)") + " | " + std::to_string(f.preemptions) +
                   " | " + culprits + " | `" + f.path + "` |\n";
        }
    return out + "\nReplay one with `lu replay FILE --trace`.\n";
}

} // namespace

bool better_reproducer(const NightlyFailure &a, const NightlyFailure &b) {
    if (a.minimized != b.minimized) return a.minimized;
    if (a.steps_after != b.steps_after) return a.steps_after < b.steps_after;
    return a.preemptions < b.preemptions;
}

std::vector<const NightlyFailure *> failures_best_first(const NightlyReport &r) {
    std::vector<const NightlyFailure *> out;
    for (const auto &[sig, f] : r.failures) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [](const NightlyFailure *a, const NightlyFailure *b) {
        return better_reproducer(*a, *b);
    });
    return out;
}

void print_failure_lines(const NightlyReport &r) {
    const auto findings = findings_of(r);
    for (const NightlyFailure *f : failures_best_first(r)) {
        const auto it = findings.find(f->signature);
        if (it == findings.end()) continue; // shown under its finding
        std::printf("failure: %s (%s, %llu program(s), %llu step(s)) -> %s\n", f->signature.c_str(),
                    f->family.c_str(), (unsigned long long)f->count,
                    (unsigned long long)f->steps_after, f->path.c_str());
        for (size_t i = 1; i < it->second.size(); i++)
            std::printf("  also seen as %s -> %s\n", it->second[i]->signature.c_str(),
                        it->second[i]->path.c_str());
    }
}

void print_failure_summary(const NightlyReport &r, const std::string &dir) {
    if (r.failures.empty()) return;
    const NightlyFailure &best = *failures_best_first(r).front();
    std::printf("replay: %s\n",
                runnable("lu replay " + shell_quote(best.path) + " --trace").c_str());
    const std::string src =
        pointed_line(best.detail, best.suspects.empty() ? "" : best.suspects[0]);
    std::printf("SUMMARY: lu: %zu finding(s), %zu distinct failure(s) in %s/repro (%s%s ...) "
                "[sut: %s]\n",
                findings_of(r).size(), r.failures.size(), dir.c_str(), best.signature.c_str(),
                src.empty() ? "" : (", " + src).c_str(), r.sut.c_str());
}

bool write_nightly_reports(const NightlyReport &r, const std::string &dir) {
    const std::filesystem::path d(dir);
    return write_atomically((d / "report.json").string(), json_report(r)) &&
           write_atomically((d / "junit.xml").string(), junit(r)) &&
           write_atomically((d / "summary.md").string(), markdown(r));
}

} // namespace lu::tools
