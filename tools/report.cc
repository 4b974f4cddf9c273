// How the tools report (see report.h).
#include "report.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lu_text.h"
#include <sut.h>

namespace lu::tools {

std::optional<Program> load(const std::string &path) {
    ParseResult r = parse_file(path);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error.str().c_str());
        return std::nullopt;
    }
    return std::move(*r.program);
}

bool resolve_bugs(const std::string &flag, const Program &p, uint64_t *mask) {
    std::string err;
    const std::string &spec = !flag.empty() ? flag : p.bugs;
    if (sut::parse_bugs(spec, mask, &err)) return true;
    std::fprintf(stderr, "lu: --bugs: %s (see `lu bugs`)\n", err.c_str());
    return false;
}

bool write_atomically(const std::string &path, const std::string &content) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        if (!out.flush()) {
            std::fprintf(stderr, "lu: cannot write %s\n", tmp.c_str());
            std::remove(tmp.c_str());
            return false;
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) == 0) return true;
    std::fprintf(stderr, "lu: cannot rename %s to %s: %s\n", tmp.c_str(), path.c_str(),
                 std::strerror(errno));
    std::remove(tmp.c_str());
    return false;
}

bool save(const Program &p, const std::string &path) { return write_atomically(path, print(p)); }

std::string describe(const Program &p, const Verdict &v) {
    if (v.ok) return v.ended_by_panic ? "pass (ended by a panic the model predicted)" : "pass";
    std::string where = "at the end";
    if (v.step >= 0 && size_t(v.step) < p.steps.size()) {
        // The handle a creating step got is its index among its kind so far.
        int created = -1;
        const int kind = handle_kind_index(op_info(p.steps[v.step].op).creates);
        if (kind >= 0) {
            created = 0;
            for (int i = 0; i < v.step; i++)
                created += handle_kind_index(op_info(p.steps[i].op).creates) == kind;
        }
        where = "step " + std::to_string(v.step) + ": " + print_step(p.steps[v.step], created);
    }
    return where + ": " + v.kind + ": " + v.detail;
}

bool meets_expectation(const Program &p, const Verdict &v) {
    if (p.expect.empty()) return true;
    if (p.expect == "pass") return v.ok;
    return !v.ok && p.expect == "fail " + v.signature;
}

void print_summary(const std::string &signature, const std::string &where,
                   const std::string &replay) {
    if (!replay.empty()) std::printf("replay: %s\n", replay.c_str());
    std::printf("SUMMARY: lu: %s in %s [sut: %s]\n", signature.c_str(), where.c_str(),
                sut::identity_line().c_str());
}

bool run_baseline(const char *tool, const RunOptions &ro, Baseline *out) {
    const std::string rev = sut::identity().rev;
    *out = replay_baseline(baseline_dir(rev), rev, ro);
    if (!out->error.empty()) {
        std::fprintf(stderr, "%s: baseline of revision %s: %s\n", tool, rev.c_str(),
                     out->error.c_str());
        return false;
    }
    const size_t n = out->present.size() + out->fixed.size() + out->changed.size();
    if (n == 0) return true;
    std::printf("%s: %zu known defect(s) of revision %s replayed: %zu present, %zu fixed, %zu "
                "failing otherwise\n",
                tool, n, rev.c_str(), out->present.size(), out->fixed.size(), out->changed.size());
    std::istringstream lines(describe(*out));
    for (std::string line; std::getline(lines, line);) std::printf("%s: %s\n", tool, line.c_str());
    std::fflush(stdout);
    return true;
}

void print_summary(const Verdict &v, const std::string &where, const std::string &replay) {
    print_summary(v.signature, where, replay);
}

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool parse_duration(const std::string &text, double *seconds) {
    double total = 0;
    size_t i = 0;
    if (text.empty()) return false;
    while (i < text.size()) {
        size_t j = i;
        while (j < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.'))
            j++;
        const std::string num = text.substr(i, j - i);
        if (j == i || j - i > 12 || std::count(num.begin(), num.end(), '.') > 1 || num == ".")
            return false;
        const double n = std::stod(num);
        double unit = 1;
        if (j < text.size()) {
            switch (text[j]) {
            case 's':
                unit = 1;
                break;
            case 'm':
                unit = 60;
                break;
            case 'h':
                unit = 3600;
                break;
            case 'd':
                unit = 86400;
                break;
            default:
                return false;
            }
            j++;
        } else if (i != 0) {
            return false; // "1h30" is ambiguous
        }
        total += n * unit;
        i = j;
    }
    if (!(total > 0) || total > 366.0 * 86400) return false;
    *seconds = total;
    return true;
}

} // namespace lu::tools
