// `lu merge` (see merge.h): reads each shard's report.json, checks that the
// shards belong to one run (same seed, bugs and implementation, no shard
// twice), keeps per signature the smallest minimized reproducer (copied to
// OUT/repro/), and writes the reports through write_nightly_reports. A shard
// that is missing makes the merged run incomplete, like a dead worker.
#include "merge.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <sut.h>

#include "command.h"
#include "ktap.h"
#include "nightly.h"
#include "report.h"

namespace lu::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char *kMergeExitCodes =
    "Exit codes, as lu nightly's: 0 clean; 1 failures found; 2 bad usage, shards that do not "
    "belong to one run, or reports that cannot be read or written; 3 a shard was interrupted "
    "(no failures); 4 a shard is missing or one of its workers died (no failures).";

int usage(const std::string &msg) {
    std::fprintf(stderr, "lu merge: %s\n", msg.c_str());
    return kExitUsage;
}

std::optional<std::string> slurp(const fs::path &p, std::string *why) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (ec) return *why = ec.message(), std::nullopt;
    if (size > (uintmax_t(64) << 20)) return *why = "larger than 64 MiB", std::nullopt;
    std::ifstream in(p, std::ios::binary);
    if (!in) return *why = "cannot be opened", std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The fields lu nightly writes in report.json that the merge needs.
struct Shard {
    std::string dir;
    uint64_t seed = 0;
    unsigned shard = 0, shards = 1;
    json j;
};

bool parse_seed(const json &v, uint64_t *seed) {
    if (v.is_number_unsigned()) return *seed = v.get<uint64_t>(), true;
    if (!v.is_string()) return false;
    const std::string s = v.get<std::string>();
    char *end = nullptr;
    errno = 0;
    *seed = std::strtoull(s.c_str(), &end, 0);
    return !s.empty() && !errno && end && !*end;
}

// Read DIR/report.json; an error message when it is not a nightly's report.
std::string read_shard(const std::string &dir, Shard *s) {
    const fs::path path = fs::path(dir) / "report.json";
    std::string why;
    const auto text = slurp(path, &why);
    if (!text) return path.string() + ": " + why;
    s->dir = dir;
    s->j = json::parse(*text, nullptr, false);
    if (s->j.is_discarded() || !s->j.is_object()) return path.string() + ": not a JSON object";
    if (s->j.value("tool", "") != "lu nightly")
        return path.string() + ": not a report of lu nightly";
    if (!parse_seed(s->j.value("seed", json()), &s->seed))
        return path.string() + ": no seed (a hex string)";
    char tail;
    if (std::sscanf(s->j.value("shard", "").c_str(), "%u/%u%c", &s->shard, &s->shards, &tail) !=
            2 ||
        s->shards == 0 || s->shard >= s->shards)
        return path.string() + ": no shard I/N";
    return "";
}

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
    return buf;
}

} // namespace

int merge(const MergeOptions &o) {
    if (o.dirs.empty()) return usage("no shard directories given");
    std::vector<Shard> shards(o.dirs.size());
    for (size_t i = 0; i < o.dirs.size(); i++) {
        std::error_code ec;
        if (fs::exists(o.out, ec) && fs::equivalent(o.dirs[i], o.out, ec))
            return usage("--out " + o.out + " is one of the shards; give the merge its own");
        if (const std::string err = read_shard(o.dirs[i], &shards[i]); !err.empty())
            return usage(err);
    }
    const Shard &first = shards.front();
    const sut::Identity &id = sut::identity();
    std::map<unsigned, std::string> seen; // shard index -> its directory
    for (const Shard &s : shards) {
        if (s.seed != first.seed)
            return usage(s.dir + " has seed " + hex(s.seed) + ", " + first.dir + " has " +
                         hex(first.seed) + ": shards of different runs");
        if (s.shards != first.shards)
            return usage(s.dir + " is a shard of " + std::to_string(s.shards) + ", " + first.dir +
                         " of " + std::to_string(first.shards));
        if (s.j.value("bugs", "") != first.j.value("bugs", ""))
            return usage(s.dir + " ran under --bugs " + s.j.value("bugs", "") + ", " + first.dir +
                         " under " + first.j.value("bugs", ""));
        const json sut = s.j.value("sut", json::object());
        if (sut.value("files_sha256", "") != id.hash || sut.value("revision", "") != id.rev)
            return usage(s.dir + " tested " + sut.value("kind", "?") + " rev " +
                         sut.value("revision", "?") + " (files " + sut.value("files_sha256", "?") +
                         "), this lu is built on " + sut::identity_line() +
                         ": merge with the lu that ran the shards");
        if (auto [it, fresh] = seen.emplace(s.shard, s.dir); !fresh)
            return usage("shard " + std::to_string(s.shard) + "/" + std::to_string(s.shards) +
                         " given twice: " + it->second + " and " + s.dir);
    }

    std::error_code ec;
    fs::create_directories(fs::path(o.out) / "repro", ec);
    if (ec) return usage("--out: cannot create " + o.out + "/repro: " + ec.message());
    for (const std::string &dir : {o.out, o.out + "/repro"})
        if (const auto why = writable_dir(dir))
            return usage("--out: cannot write in " + dir + ": " + *why);

    NightlyReport r;
    r.seed = first.seed;
    r.bugs = first.j.value("bugs", "");
    r.sut = sut::identity_line();
    r.baseline.rev = id.rev;
    r.finished = true;
    r.jobs = 0;
    unsigned worker = 0;
    std::map<std::string, std::string> from; // signature -> the shard directory of its reproducer
    size_t folded = 0;                       // a signature's sightings in further shards
    try {
        for (const Shard &s : shards) {
            const json &j = s.j;
            const std::string name =
                "shard " + std::to_string(s.shard) + "/" + std::to_string(s.shards);
            r.jobs += j.value("jobs", 0u);
            r.budget = std::max(r.budget, j.value("budget_seconds", 0.0));
            r.elapsed = std::max(r.elapsed, j.value("elapsed_seconds", 0.0));
            const std::string state = j.value("state", "");
            r.interrupted = r.interrupted || state == "interrupted";
            r.finished = r.finished && state != "running";
            for (const json &w : j.value("workers", json::array()))
                r.workers.push_back({worker++, w.value("pid", 0l),
                                     name + " worker " + std::to_string(w.value("worker", 0u)) +
                                         ": " + w.value("status", ""),
                                     w.value("failed", false)});
            for (const json &f : j.value("families", json::array())) {
                const std::string fam = f.value("name", "");
                auto it = std::find_if(r.families.begin(), r.families.end(),
                                       [&](const FamilyTally &t) { return t.name == fam; });
                if (it == r.families.end()) it = r.families.insert(it, FamilyTally{fam});
                it->programs += f.value("programs", uint64_t(0));
                it->runs += f.value("runs", uint64_t(0));
                it->steps += f.value("steps", uint64_t(0));
                it->failures += f.value("failures", uint64_t(0));
                it->inconclusive += f.value("inconclusive", uint64_t(0));
            }
            for (const json &k : j.value("known_defects", json::array())) {
                KnownDefect d{k.value("reproducer", ""), k.value("signature", ""),
                              k.value("verdict", "")};
                const std::string st = k.value("state", "");
                auto &list = st == "present" ? r.baseline.present
                             : st == "fixed" ? r.baseline.fixed
                                             : r.baseline.changed;
                if (std::none_of(list.begin(), list.end(), [&](const KnownDefect &e) {
                        return e.signature == d.signature && e.path == d.path;
                    }))
                    list.push_back(d);
                if (st == "present") r.known_seen[d.signature] += k.value("count", uint64_t(0));
            }
            for (const json &f : j.value("failures", json::array())) {
                NightlyFailure nf;
                nf.signature = f.value("signature", "");
                nf.family = f.value("family", "");
                nf.detail = f.value("detail", "");
                nf.path = f.value("reproducer", "");
                nf.index = f.value("program_index", uint64_t(0));
                nf.count = f.value("count", uint64_t(0));
                nf.steps_before = f.value("steps_before", uint64_t(0));
                nf.steps_after = f.value("steps_after", uint64_t(0));
                nf.preemptions = f.value("preemptions", uint64_t(0));
                nf.minimized = f.value("minimized", false);
                nf.culprits = f.value("culprits", std::vector<std::string>{});
                auto it = r.failures.find(nf.signature);
                if (it == r.failures.end()) {
                    from[nf.signature] = s.dir;
                    r.failures.emplace(nf.signature, nf);
                    continue;
                }
                folded++;
                const uint64_t count = it->second.count + nf.count;
                if (better_reproducer(nf, it->second)) it->second = nf, from[nf.signature] = s.dir;
                it->second.count = count;
            }
        }
    } catch (const json::exception &e) {
        return usage(std::string("a report.json field has an unexpected type: ") + e.what());
    }
    for (unsigned i = 0; i < first.shards; i++)
        if (!seen.count(i))
            r.workers.push_back({worker++, 0,
                                 "shard " + std::to_string(i) + "/" + std::to_string(first.shards) +
                                     " missing: no report.json given for it",
                                 true});

    // Each reproducer next to the merged reports, under the name the shard gave it.
    for (auto &[sig, f] : r.failures) {
        const fs::path name = fs::path(f.path).filename();
        const fs::path src = fs::path(from[sig]) / "repro" / name;
        if (name.empty() || !fs::is_regular_file(src, ec)) {
            if (!fs::is_regular_file(f.path, ec))
                std::fprintf(stderr, "lu merge: %s: reproducer %s not found in %s/repro\n",
                             sig.c_str(), f.path.c_str(), from[sig].c_str());
            continue; // a known defect's file in the source tree keeps its path
        }
        std::string why;
        const auto text = slurp(src, &why);
        if (!text) return usage(src.string() + ": " + why);
        f.path = (fs::path(o.out) / "repro" / name).string();
        if (!write_atomically(f.path, *text)) return kExitUsage;
    }
    locate_failures(r);
    group_findings(r);
    if (!write_nightly_reports(r, o.out)) return kExitUsage;
    const std::string ktap = (fs::path(o.out) / "report.ktap").string();
    if (!write_atomically(ktap, nightly_ktap(r))) return kExitUsage;

    uint64_t programs = 0;
    for (const FamilyTally &t : r.families) programs += t.programs;
    std::printf("lu merge: %zu of %u shard(s) of seed %s, bugs %s: %llu programs, %zu distinct "
                "failure(s) (%zu more sighting(s) in other shards folded in)\n",
                shards.size(), first.shards, hex(r.seed).c_str(), r.bugs.c_str(),
                (unsigned long long)programs, r.failures.size(), folded);
    for (const WorkerEnd &w : r.workers)
        if (w.failed) std::printf("lu merge: %s\n", w.status.c_str());
    print_failure_lines(r);
    std::printf("lu merge: reports in %s/{report.json,junit.xml,summary.md,report.ktap}\n",
                o.out.c_str());
    if (!r.failures.empty()) {
        print_failure_summary(r, o.out);
        return kExitFail;
    }
    if (r.worker_died()) return kExitWorkerDied;
    return r.interrupted ? kExitInterrupted : kExitPass;
}

void add_merge_command(CLI::App &app, Commands &cmds) {
    static MergeOptions o;
    auto *cmd = app.add_subcommand(
        "merge", "merge the shards of a nightly run (lu nightly --shard I/N) into one report");
    cmd->add_option("dirs", o.dirs, "the shards' --out directories")->required();
    cmd->add_option("--out", o.out,
                    "directory for the merged report.json, junit.xml, summary.md, report.ktap "
                    "and repro/ (default lu-merged)");
    cmd->footer(kMergeExitCodes);
    cmds.add(cmd, [] { return merge(o); });
}

} // namespace lu::tools
