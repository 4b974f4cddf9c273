// KTAP version 1 text (see ktap.h and the kernel's
// Documentation/dev-tools/ktap.rst): the document writer and the nightly's tests.
#include "ktap.h"

#include <cstdio>

namespace lu::tools {
namespace {

// One line's worth of @s: control characters become spaces.
std::string one_line(const std::string &s) {
    std::string out;
    for (char c : s) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    return out;
}

// A test name: one line, no '#' (it would start the directive).
std::string name_text(const std::string &s) {
    std::string out = one_line(s);
    for (char &c : out)
        if (c == '#') c = ' ';
    const size_t b = out.find_first_not_of(' '), e = out.find_last_not_of(' ');
    return b == std::string::npos ? "unnamed" : out.substr(b, e - b + 1);
}

void emit(std::string &out, const std::vector<KtapTest> &tests,
          const std::vector<std::string> &header, const std::string &indent) {
    out += indent + "KTAP version 1\n";
    out += indent + "1.." + std::to_string(tests.size()) + "\n";
    for (const std::string &h : header) out += indent + "# " + one_line(h) + "\n";
    for (size_t i = 0; i < tests.size(); i++) {
        const KtapTest &t = tests[i];
        if (!t.subtests.empty()) emit(out, t.subtests, {}, indent + "    ");
        for (const std::string &d : t.diagnostics) out += indent + "# " + one_line(d) + "\n";
        out +=
            indent + (t.ok ? "ok " : "not ok ") + std::to_string(i + 1) + " " + name_text(t.name);
        if (!t.directive.empty()) out += " # " + one_line(t.directive);
        out += "\n";
    }
}

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
    return buf;
}

} // namespace

std::string ktap_document(const std::vector<KtapTest> &tests,
                          const std::vector<std::string> &header) {
    std::string out;
    emit(out, tests, header, "");
    return out;
}

std::string nightly_ktap(const NightlyReport &r) {
    std::vector<KtapTest> tests;
    for (const WorkerEnd &w : r.workers)
        if (w.failed)
            tests.push_back({"worker " + std::to_string(w.index),
                             false,
                             "",
                             {"pid " + std::to_string(w.pid) + " " + w.status,
                              "its programs since its last message are lost"},
                             {}});
    for (const FamilyTally &t : r.families) {
        KtapTest k{t.name, t.failures == 0, "", {}, {}};
        k.diagnostics.push_back(t.name + ": " + std::to_string(t.programs) + " programs, " +
                                std::to_string(t.runs) + " runs, " + std::to_string(t.steps) +
                                " steps, " + std::to_string(t.failures) + " failing program(s), " +
                                std::to_string(t.inconclusive) + " inconclusive");
        if (t.programs == 0)
            k.directive =
                "SKIP no program of this family ran in " + std::to_string(long(r.elapsed)) + " s";
        tests.push_back(std::move(k));
    }
    for (const auto &[sig, f] : r.failures) {
        KtapTest k{sig, false, "", {}, {}};
        k.diagnostics.push_back(sig + ": " + f.detail);
        k.diagnostics.push_back(sig + ": family " + f.family + ", program " +
                                std::to_string(f.index) + ", " + std::to_string(f.count) +
                                " failing program(s)");
        std::string culprits;
        for (const std::string &c : f.culprits) culprits += (culprits.empty() ? "" : ",") + c;
        if (!culprits.empty()) k.diagnostics.push_back(sig + ": seeded bugs " + culprits);
        k.diagnostics.push_back(sig + ": reproducer " + f.path + ", " +
                                std::to_string(f.steps_after) + " steps" +
                                (f.minimized ? " (minimized)" : " (not minimized)"));
        k.diagnostics.push_back(sig + ": replay: lu replay " + f.path + " --trace");
        tests.push_back(std::move(k));
    }
    for (const KnownDefect &d : r.baseline.present) {
        const auto it = r.known_seen.find(d.signature);
        const uint64_t n = it == r.known_seen.end() ? 0 : it->second;
        tests.push_back({"known " + d.signature,
                         true,
                         "",
                         {d.signature + ": known defect of revision " + r.baseline.rev +
                              ", still present, met in " + std::to_string(n) + " program(s)",
                          d.signature + ": replay: lu replay " + d.path + " --trace"},
                         {}});
    }
    for (const KnownDefect &d : r.baseline.fixed)
        tests.push_back({"known " + d.signature,
                         true,
                         "",
                         {d.signature + ": known defect of revision " + r.baseline.rev +
                          ", fixed in this tree (" + d.path + " passes)"},
                         {}});
    const std::string state = r.interrupted     ? "interrupted"
                              : !r.finished     ? "running"
                              : r.worker_died() ? "incomplete"
                                                : "finished";
    char line[512];
    std::snprintf(line, sizeof(line),
                  "lu nightly: seed %s, shard %u/%u, %u job(s), bugs %s, %.0f s of %.0f s, %s",
                  hex(r.seed).c_str(), r.shard, r.shards, r.jobs, r.bugs.c_str(), r.elapsed,
                  r.budget, state.c_str());
    return ktap_document(tests, {line, "implementation under test: " + r.sut});
}

} // namespace lu::tools
