// How the tools report (see report.h).
#include "report.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string_view>

#include <climits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lu_text.h"
#include <sut.h>

namespace lu::tools {
namespace {

constexpr std::string_view kFixedKinds[] = {
    "differential", "fault-calls", "missing-panic", "deadlock",     "linearizability", "fatal",
    "I1-chain",     "I2-bounds",   "I3-ledger",     "I4-backptr",   "I4-slot",         "I5-link",
    "I5-refcount",  "I6-flags",    "I6-record",     "I6-roundtrip", "I6-translation",  "I7-restore",
    "I8-flb",       "leak",        "I3-freed"};

bool known_kind(std::string_view k) {
    for (std::string_view f : kFixedKinds)
        if (k == f) return true;
    for (std::string_view prefix : {"fatal-", "event-"}) {
        if (k.substr(0, prefix.size()) != prefix) continue;
        for (int e = 0; e < LU_NR_EVENT_KINDS; e++)
            if (k.substr(prefix.size()) == lu_event_kind_name(lu_event_kind(e))) return true;
    }
    return false;
}

bool known_site(std::string_view s) {
    for (int i = 0; i < LU_NR_SITES; i++)
        if (s == lu_site_name(lu_site(i))) return true;
    return false;
}

// The 1-based line and column of @sig's byte @at on the `# expect:` line of
// @text (0, 0 when there is none).
std::pair<int, int> expect_position(const std::string &text, size_t at) {
    int lineno = 0;
    for (size_t pos = 0; pos < text.size();) {
        const size_t nl = std::min(text.find('\n', pos), text.size());
        const std::string_view ln(text.data() + pos, nl - pos);
        lineno++;
        pos = nl + 1;
        size_t i = ln.find_first_not_of(" \t");
        if (i == std::string_view::npos || ln[i] != '#') continue;
        i = ln.find_first_not_of(" \t", i + 1);
        if (i == std::string_view::npos || ln.substr(i, 7) != "expect:") continue;
        i = ln.find("fail", i + 7);
        if (i == std::string_view::npos) return {lineno, 1};
        i = ln.find_first_not_of(" \t", i + 4);
        return {lineno, int(i == std::string_view::npos ? ln.size() : i + at) + 1};
    }
    return {0, 0};
}

} // namespace

std::optional<std::string> signature_problem(const std::string &sig, size_t *at) {
    std::vector<std::string_view> parts;
    for (size_t p = 0;;) {
        const size_t c = sig.find(':', p);
        parts.push_back(std::string_view(sig).substr(p, c == std::string::npos ? c : c - p));
        if (c == std::string::npos) break;
        p = c + 1;
    }
    *at = 0;
    if (parts.size() < 2 || parts.size() > 3)
        return "a failure signature is kind:op or kind:op:site, got '" + sig + "'";
    if (!known_kind(parts[0]))
        return "unknown failure kind '" + std::string(parts[0]) +
               "' (differential, fault-calls, missing-panic, deadlock, linearizability, "
               "fatal, fatal-EVENT, event-EVENT, or an invariant such as I1-chain)";
    *at = parts[0].size() + 1;
    if (parts[1] != "end" && !op_by_name(parts[1]))
        return "unknown op '" + std::string(parts[1]) + "' in the signature (an op, or 'end')";
    *at += parts[1].size() + 1;
    if (parts.size() == 3 && !known_site(parts[2]))
        return "unknown fault site '" + std::string(parts[2]) + "' in the signature";
    return std::nullopt;
}

bool check_expect(const Program &p, const std::string &text, const std::string &path) {
    if (p.expect.rfind("fail ", 0) != 0) return true;
    size_t at = 0;
    const std::optional<std::string> why = signature_problem(p.expect.substr(5), &at);
    if (!why) return true;
    const auto [line, col] = expect_position(text, at);
    std::fprintf(stderr, "%s\n", ParseError{path, line, col, "'# expect:' " + *why}.str().c_str());
    return false;
}

std::optional<Program> load(const std::string &path) {
    ParseResult r = parse_file(path);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error.str().c_str());
        return std::nullopt;
    }
    size_t at = 0;
    if (r.program->expect.rfind("fail ", 0) == 0 &&
        signature_problem(r.program->expect.substr(5), &at)) {
        // Read again only to say where: the file parsed, so it is at most kMaxFileBytes.
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        check_expect(*r.program, text.str(), path);
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

namespace {

// Where a write to @path lands: @path itself, or the file its symlinks lead
// to (followed one link at a time, relative links from their own directory).
std::string follow_symlinks(const std::string &path) {
    std::string at = path;
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (::lstat(at.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return at;
        std::string target(size_t(st.st_size ? st.st_size : PATH_MAX) + 1, '\0');
        const ssize_t n = ::readlink(at.c_str(), target.data(), target.size());
        if (n < 0 || size_t(n) >= target.size()) return at;
        target.resize(size_t(n));
        const size_t slash = at.rfind('/');
        at = target.front() == '/' || slash == std::string::npos ? target
                                                                 : at.substr(0, slash + 1) + target;
    }
    return at;
}

bool write_all(int fd, const std::string &content, int *err) {
    for (size_t off = 0; off < content.size();) {
        const ssize_t n = ::write(fd, content.data() + off, content.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *err = errno;
            return false;
        }
        off += size_t(n);
    }
    return true;
}

} // namespace

bool write_atomically(const std::string &path, const std::string &content) {
    auto refuse = [&](const std::string &why) {
        std::fprintf(stderr, "lu: cannot write %s: %s\n", path.c_str(), why.c_str());
        return false;
    };
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) return refuse(std::strerror(EISDIR));
        if (S_ISSOCK(st.st_mode)) return refuse("it is a socket, not a file");
        if (S_ISBLK(st.st_mode)) return refuse("it is a block device; lu does not write disks");
        // A character device or a FIFO: written in place, as a shell's `>` does.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) return refuse(std::strerror(errno));
        int err = 0;
        const bool ok = write_all(fd, content, &err);
        if (::close(fd) != 0 && ok) err = errno;
        return ok && !err ? true : refuse(std::strerror(err));
    }
    // A regular file (or none yet): a temporary file beside the symlinks'
    // target, renamed over it, so a reader sees the old or the new content.
    const std::string target = follow_symlinks(path), tmp = target + ".tmp";
    auto fail = [&](int err) {
        ::unlink(tmp.c_str());
        return refuse(std::strerror(err));
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail(errno);
    int err = 0;
    if (!write_all(fd, content, &err)) {
        ::close(fd);
        return fail(err);
    }
    if (::close(fd) != 0) return fail(errno);
    if (std::rename(tmp.c_str(), target.c_str()) != 0) return fail(errno);
    return true;
}

std::optional<std::string> writable_dir(const std::string &dir) {
    const std::string probe = dir + "/.lu-write-probe-" + std::to_string(::getpid());
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return std::string(std::strerror(errno));
    ::close(fd);
    if (::unlink(probe.c_str()) != 0) return std::string(std::strerror(errno));
    return std::nullopt;
}

bool save(const Program &p, const std::string &path) { return write_atomically(path, print(p)); }

std::string describe(const Program &p, const Verdict &v) {
    if (v.ok && v.inconclusive) return "inconclusive: " + v.detail;
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

std::string shell_quote(const std::string &word) {
    static constexpr std::string_view safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789_-+=.,/:@%";
    if (!word.empty() && word.find_first_not_of(safe) == std::string::npos) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string lu_command() {
    static const std::string cmd = [] {
        std::error_code ec;
        const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
        if (ec) return std::string("lu");
        // `lu` as such only when the shell would find this very binary.
        const char *path = std::getenv("PATH");
        for (std::string_view dirs = path ? path : ""; !dirs.empty();) {
            const size_t colon = std::min(dirs.find(':'), dirs.size());
            const std::string dir(dirs.substr(0, colon));
            dirs.remove_prefix(std::min(colon + 1, dirs.size()));
            const std::filesystem::path cand =
                std::filesystem::path(dir.empty() ? "." : dir) / "lu";
            if (::access(cand.c_str(), X_OK) != 0) continue;
            return std::filesystem::equivalent(cand, self, ec) ? std::string("lu")
                                                               : shell_quote(self.string());
        }
        return shell_quote(self.string());
    }();
    return cmd;
}

std::string runnable(const std::string &command) {
    return command.rfind("lu ", 0) == 0 ? lu_command() + command.substr(2) : command;
}

void print_summary(const std::string &signature, const std::string &where,
                   const std::string &replay) {
    if (!replay.empty()) std::printf("replay: %s\n", runnable(replay).c_str());
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

std::string source_of(const std::string &detail) {
    static const std::regex at(R"(([A-Za-z_][A-Za-z0-9_]*)\(\) at ([^ ;\]]+:[0-9]+))");
    std::smatch m;
    return std::regex_search(detail, m, at) ? m.str(0) : "";
}

std::string pointed_line(const std::string &detail, const std::string &suspect) {
    if (const std::string src = source_of(detail); !src.empty()) return "from " + src;
    return suspect.empty() ? "" : "suspect " + suspect;
}

std::string first_suspect(const Localization &loc) {
    return loc.suspects.empty() ? "" : suspect_text(loc.suspects[0].where);
}

void print_summary(const Verdict &v, const std::string &where, const std::string &replay,
                   const std::string &suspect) {
    const std::string src = pointed_line(v.detail, suspect);
    print_summary(v.signature, where + (src.empty() ? "" : ", " + src), replay);
}

void print_suspects(const Localization &loc) {
    if (loc.suspects.empty()) {
        std::printf("suspects: none (%s)\n", loc.none.c_str());
        return;
    }
    for (size_t k = 0; k < loc.suspects.size(); k++)
        std::printf("suspect %zu: %s (Ochiai %.2f over %zu failing and %zu passing step(s))\n",
                    k + 1, suspect_text(loc.suspects[k].where).c_str(), loc.suspects[k].score,
                    loc.failing, loc.passing);
}

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool parse_duration(const std::string &text, double *seconds, std::string *why) {
    if (why) *why = "'" + text + "' is not a duration (90s, 10m, 2h, 1h30m)";
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
    if (!(total > 0)) {
        if (why) *why = "must be more than zero, got '" + text + "'";
        return false;
    }
    if (total > 366.0 * 86400) {
        if (why) *why = "must be at most a year, got '" + text + "'";
        return false;
    }
    *seconds = total;
    return true;
}

} // namespace lu::tools
