// Replaying a revision's known defects (see baseline.h).
#include "baseline.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lu_text.h"

namespace lu {

namespace {

// The value of a `# key: value` header line of @text, or "".
std::string header(const std::string &text, const std::string &key) {
    std::istringstream in(text);
    const std::string prefix = "# " + key + ":";
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(prefix, 0) != 0) continue;
        std::string v = line.substr(prefix.size());
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t\r") + 1);
        return v;
    }
    return "";
}

} // namespace

std::set<std::string> Baseline::known() const {
    std::set<std::string> out;
    for (const KnownDefect &d : present) out.insert(d.signature);
    return out;
}

bool Baseline::is_known(const std::string &signature) const {
    return std::any_of(present.begin(), present.end(),
                       [&](const KnownDefect &d) { return d.signature == signature; });
}

std::string baseline_dir(const std::string &rev) {
    return (std::filesystem::path(LU_SOURCE_DIR) / "corpus" / "kernel" / rev).string();
}

Baseline replay_baseline(const std::string &dir, const std::string &rev, const RunOptions &ro) {
    Baseline b;
    b.rev = rev;
    b.dir = dir;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return b;
    std::vector<std::string> files;
    for (const auto &e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".lu") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string &path : files) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (header(text.str(), "kernel") != rev) continue;
        ParseResult r = parse(text.str(), path);
        if (!r) {
            b.error = r.error.str();
            return b;
        }
        const Program &p = *r.program;
        if (p.expect.rfind("fail ", 0) != 0) {
            b.error = path + ": a known defect needs `# expect: fail SIGNATURE`";
            return b;
        }
        KnownDefect d{path, p.expect.substr(5), ""};
        const Verdict v = run_program(p, ro);
        d.verdict = v.ok ? "pass" : v.signature;
        if (v.ok)
            b.fixed.push_back(d);
        else if (v.signature == d.signature)
            b.present.push_back(d);
        else
            b.changed.push_back(d);
    }
    return b;
}

std::string describe(const Baseline &b) {
    std::string out;
    for (const KnownDefect &d : b.present)
        out += "known defect, still present: " + d.signature + " (" + d.path + ")\n";
    for (const KnownDefect &d : b.fixed)
        out += "known defect, FIXED in this tree: " + d.signature + " (" + d.path + ")\n";
    for (const KnownDefect &d : b.changed)
        out += "known defect, now fails otherwise: expected " + d.signature + ", got " + d.verdict +
               " (" + d.path + ")\n";
    return out;
}

} // namespace lu
