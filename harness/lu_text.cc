// The `.lu` text format, v1: the printer, the line-by-line parser of a whole
// file with its header facts, and reading files safely. Step lines themselves
// are parsed in lu_text_step.cc.
//
//   file     := blank* "# lu-repro v1" (NL line)*     -- first non-blank line
//   line     := blank | comment | header | step
//   header   := "#" WS* ("bugs:" SPEC | "expect:" ("pass" | "fail" SIGNATURE))
//               -- only before the first step, each at most once
//   comment  := "#" anything                           -- dropped
//   step     := [HANDLE "="] OP "(" [ARG ("," ARG)*] ")" [FAULTS] ["#" anything]
//   FAULTS   := "(" "fail" ":" SITE "#" N ["+"] ("," SITE "#" N ["+"])* ")"
// WS (spaces, tabs) is free between tokens but not inside SITE#N+; lines end
// in LF or CRLF, are at most 4096 bytes and hold no other control characters.
#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <exception>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sut.h>

#include "lu_text.h"

#include "budget.h"
#include "lu_text_step.h"

namespace lu {

using text::LineError;

std::string handle_name(Arg kind, uint64_t index) {
    return std::string(1, handle_letter(kind)) + std::to_string(index);
}

std::string print_step(const Step &s, int handle_index) {
    const OpInfo &info = op_info(s.op);
    std::string out;
    if (info.creates != Arg::none && handle_index >= 0)
        out = handle_name(info.creates, uint64_t(handle_index)) + " = ";
    out += info.name;
    out += '(';
    for (int a = 0; a < info.nargs; a++) {
        if (a) out += ", ";
        Arg kind = info.args[a];
        char buf[32];
        if (is_handle(kind))
            out += handle_name(kind, s.args[a]);
        else if (kind == Arg::bdf)
            std::snprintf(buf, sizeof buf, "0x%04" PRIx64, s.args[a]), out += buf;
        else if (kind == Arg::iova)
            std::snprintf(buf, sizeof buf, "0x%" PRIx64, s.args[a]), out += buf;
        else
            out += std::to_string(s.args[a]);
    }
    out += ')';
    for (size_t f = 0; f < s.faults.size(); f++) {
        out += f ? ", " : "  (fail: ";
        const char *site = lu_site_name(s.faults[f].site);
        out += site ? site : "?";
        out += '#' + std::to_string(s.faults[f].nth);
        if (s.faults[f].persistent) out += '+';
    }
    if (!s.faults.empty()) out += ')';
    return out;
}

std::string sched_kind_name(uint8_t kind) {
    if (kind == kSchedStart) return "start";
    return kind < LU_NR_SCHED_KINDS ? lu_sched_kind_name(lu_sched_kind(kind)) : "?";
}

std::string print_schedule(const std::vector<SchedChoice> &sched) {
    std::string out = "schedule:";
    for (const SchedChoice &c : sched)
        out += " t" + std::to_string(c.thread) + ":" + sched_kind_name(c.kind);
    return out;
}

std::string print(const Program &p) {
    std::string out = std::string(kLuTextMagic) + "\n";
    if (!p.bugs.empty()) out += "# bugs: " + p.bugs + "\n";
    if (!p.expect.empty()) out += "# expect: " + p.expect + "\n";
    text::HandleCounts counts{};
    size_t block = 0;
    for (size_t i = 0; i < p.steps.size(); i++) {
        const Step &s = p.steps[i];
        if (s.thread && (i == 0 || !p.steps[i - 1].thread)) out += "concurrent {\n";
        if (s.thread) out += "  t" + std::to_string(s.thread - 1) + ": ";
        int k = handle_kind_index(op_info(s.op).creates);
        out += print_step(s, k < 0 ? -1 : static_cast<int>(counts[k]++));
        out += '\n';
        if (s.thread && (i + 1 == p.steps.size() || !p.steps[i + 1].thread)) {
            out += "}\n";
            if (block < p.schedules.size() && !p.schedules[block].empty())
                out += print_schedule(p.schedules[block]) + "\n";
            block++;
        }
    }
    return out;
}

std::string ParseError::str() const {
    if (line == 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && text::is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && text::is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Column (1-based) of the first byte of `part`, a view into `line`.
int col_of(std::string_view line, std::string_view part) {
    return static_cast<int>(part.data() - line.data()) + 1;
}

std::optional<LineError> check_bytes(std::string_view line) {
    if (line.size() > kMaxLineBytes)
        return LineError{int(kMaxLineBytes) + 1,
                         "line is longer than " + std::to_string(kMaxLineBytes) + " bytes"};
    for (size_t i = 0; i < line.size(); i++) {
        auto c = static_cast<unsigned char>(line[i]);
        if ((c >= 0x20 && c != 0x7f) || c == '\t') continue;
        char msg[64];
        if (c == 0)
            std::snprintf(msg, sizeof msg, "NUL byte in the text");
        else if (c == '\r')
            std::snprintf(msg, sizeof msg, "carriage return not followed by a newline");
        else
            std::snprintf(msg, sizeof msg, "control character 0x%02x in the text", c);
        return LineError{int(i) + 1, msg};
    }
    return std::nullopt;
}

std::optional<LineError> check_version(std::string_view line) {
    std::string_view t = trim(line);
    if (t.data() == line.data() && t == kLuTextMagic) return std::nullopt;
    constexpr std::string_view prefix = "# lu-repro v";
    if (t.data() == line.data() && t.substr(0, prefix.size()) == prefix) {
        std::string_view v = t.substr(prefix.size() - 1);
        bool number = v.size() > 1;
        for (char c : v.substr(1)) number = number && text::is_digit(c);
        if (number)
            return LineError{col_of(line, v), "unsupported version " + std::string(v) +
                                                  ": this lu-check reads '# lu-repro v1' files"};
    }
    return LineError{col_of(line, t), "expected '" + std::string(kLuTextMagic) +
                                          "' as the first line of a .lu file"};
}

// `# bugs: SPEC`: comma-separated names, each checked by the sut; stored with
// the spaces around the names removed.
std::optional<LineError> parse_bugs_spec(std::string_view line, std::string_view spec,
                                         std::string *out) {
    if (trim(spec).empty())
        return LineError{col_of(line, spec) + int(spec.size()),
                         "'# bugs:' needs a spec: fixed, v2, or bug names separated by commas"};
    out->clear();
    for (;;) {
        size_t comma = spec.find(',');
        std::string_view raw = spec.substr(0, comma), name = trim(raw);
        if (name.empty()) return LineError{col_of(line, raw), "empty bug name in '# bugs:'"};
        uint64_t mask = 0;
        std::string why;
        if (!sut::parse_bugs(std::string(name), &mask, &why, true))
            return LineError{col_of(line, name), why.empty() ? "unknown bug" : why};
        if (!out->empty()) *out += ',';
        *out += name;
        if (comma == std::string_view::npos) return std::nullopt;
        spec.remove_prefix(comma + 1);
    }
}

// `# expect: pass` or `# expect: fail SIGNATURE`, stored with single spaces.
std::optional<LineError> parse_expect(std::string_view line, std::string_view rest,
                                      std::string *out) {
    std::string_view words[3];
    int n = 0;
    for (size_t i = 0; i < rest.size() && n < 3;) {
        while (i < rest.size() && text::is_space(rest[i])) i++;
        size_t start = i;
        while (i < rest.size() && !text::is_space(rest[i])) i++;
        if (i > start) words[n++] = rest.substr(start, i - start);
    }
    int end_col = col_of(line, rest) + int(rest.size());
    if (n == 0) return LineError{end_col, "'# expect:' needs 'pass' or 'fail SIGNATURE'"};
    if (words[0] == "pass") {
        if (n > 1) return LineError{col_of(line, words[1]), "'pass' takes no signature"};
        *out = "pass";
        return std::nullopt;
    }
    if (words[0] != "fail")
        return LineError{col_of(line, words[0]),
                         "expected 'pass' or 'fail SIGNATURE', got " + text::quote(words[0])};
    if (n == 1)
        return LineError{end_col,
                         "'fail' needs a signature, e.g. 'fail differential:domain_preserve'"};
    if (n > 2) return LineError{col_of(line, words[2]), "the signature must not contain spaces"};
    *out = "fail " + std::string(words[1]);
    return std::nullopt;
}

// "t3" at the start of @t: the thread index, or -1.
int thread_prefix(std::string_view t, size_t *len) {
    if (t.size() < 2 || t[0] != 't' || t[1] < '0' || t[1] > '9') return -1;
    size_t i = 1;
    int n = 0;
    // Every digit is consumed; a huge index saturates, still past the limit.
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; i++)
        n = std::min(n * 10 + (t[i] - '0'), 1000000);
    *len = i;
    return n;
}

struct FileParser {
    Program prog;
    text::HandleCounts counts{};
    bool have_version = false, have_bugs = false, have_expect = false;
    bool in_block = false;
    int block_line = 0;       // where the open block started
    bool after_block = false; // the last non-comment line closed a block
    bool block_scheduled = false;
    uint32_t block_threads = 0; // the threads of the open block, one bit each
    int block_churn = -1;       // the thread of its churn step, if it has one
    int lineno = 0;
    ProgramBudget budget;

    std::optional<LineError> line(std::string_view ln) {
        lineno++;
        if (auto e = check_bytes(ln)) return e;
        std::string_view t = trim(ln);
        if (t.empty()) return std::nullopt;
        if (!have_version) {
            have_version = true;
            return check_version(ln);
        }
        if (t.front() == '#') return comment(ln, t);
        if (t.substr(0, 9) == "schedule:") return schedule(ln, t);
        if (in_block) return block_line_of(ln, t);
        if (t.substr(0, 10) == "concurrent") {
            std::string_view rest = trim(t.substr(10));
            if (rest != "{")
                return LineError{col_of(ln, t) + 10, "expected '{' after 'concurrent'"};
            if (after_block)
                return LineError{col_of(ln, t), "two concurrent blocks need a step between them"};
            in_block = true;
            block_threads = 0;
            block_churn = -1;
            block_line = lineno;
            return std::nullopt;
        }
        after_block = false;
        return step(ln, ln, 0, 0);
    }

    // Parse @part (a suffix of @ln at byte @offset) as a step of thread @thread.
    std::optional<LineError> step(std::string_view ln, std::string_view part, size_t offset,
                                  uint8_t thread) {
        if (prog.steps.size() == kMaxSteps)
            return LineError{col_of(ln, trim(ln)),
                             "too many steps: at most " + std::to_string(kMaxSteps)};
        Step s;
        if (auto e = text::parse_step(part, counts, &s)) {
            e->col += int(offset);
            return e;
        }
        if (thread && !allowed_in_block(s.op))
            return LineError{
                col_of(part, trim(part)),
                "'" + std::string(op_info(s.op).name) +
                    "' cannot run in a concurrent block (no handle creation, no kexec)"};
        if (thread) {
            if (auto why = churn_races(s.op, thread))
                return LineError{col_of(part, trim(part)) + int(offset), *why};
        }
        if (auto why = budget.charge(s))
            return LineError{col_of(part, trim(part)) + int(offset), *why};
        s.thread = thread;
        prog.steps.push_back(std::move(s));
        return std::nullopt;
    }

    // A churn is hundreds of preserve/unpreserve pairs that the model runs as
    // one step: beside another thread, whose steps the port interleaves with
    // its pairs, no order of whole steps explains the slots it leaves.
    std::optional<std::string> churn_races(Op op, uint8_t thread) {
        const bool churn = op == Op::domain_churn || op == Op::dev_churn;
        const uint32_t others = block_threads & ~(1u << thread);
        block_threads |= 1u << thread;
        if (churn && !others) {
            block_churn = thread;
            return std::nullopt;
        }
        if (!churn && (block_churn < 0 || block_churn == thread)) return std::nullopt;
        return std::string(churn ? op_info(op).name : "this step") +
               " cannot share a concurrent block with another thread" +
               (churn ? "" : " that churns (t" + std::to_string(block_churn - 1) + ")") +
               ": the model runs a churn as one step, the port as many preserve/unpreserve "
               "pairs that the other thread's steps fall between; race domain_preserve and "
               "domain_unpreserve steps instead, or give the churn a block of its own";
    }

    std::optional<LineError> block_line_of(std::string_view ln, std::string_view t) {
        if (t == "}") {
            if (prog.steps.empty() || !prog.steps.back().thread || after_block)
                return LineError{col_of(ln, t), "empty concurrent block"};
            in_block = false;
            after_block = true;
            block_scheduled = false;
            prog.schedules.emplace_back();
            return std::nullopt;
        }
        size_t len = 0;
        int thread = thread_prefix(t, &len);
        if (thread < 0 || len >= t.size() || t[len] != ':')
            return LineError{col_of(ln, t),
                             "inside a concurrent block, each line is 'tN: step' or '}'"};
        if (thread >= kMaxThreads)
            return LineError{col_of(ln, t), "thread t" + std::string(t.substr(1, len - 1)) +
                                                " is past the " + std::to_string(kMaxThreads) +
                                                "-thread limit: a block has at most " +
                                                std::to_string(kMaxThreads) + " threads (t0..t" +
                                                std::to_string(kMaxThreads - 1) + ")"};
        // Blank out "tN:" so that every column the step parser reports is a
        // column of the real line.
        std::string masked(ln);
        const size_t prefix = size_t(t.data() - ln.data()) + len + 1;
        std::fill(masked.begin(), masked.begin() + long(prefix), ' ');
        return step(ln, masked, 0, uint8_t(thread + 1));
    }

    std::optional<LineError> schedule(std::string_view ln, std::string_view t) {
        if (!after_block || in_block)
            return LineError{col_of(ln, t),
                             "'schedule:' must follow the '}' of a concurrent block"};
        if (block_scheduled)
            return LineError{col_of(ln, t), "duplicate 'schedule:' line for this block"};
        block_scheduled = true;
        auto &sched = prog.schedules.back();
        std::string_view rest = t.substr(9);
        size_t base = size_t(rest.data() - ln.data());
        size_t i = 0;
        while (i < rest.size()) {
            while (i < rest.size() && text::is_space(rest[i])) i++;
            if (i == rest.size()) break;
            size_t j = i;
            while (j < rest.size() && !text::is_space(rest[j])) j++;
            std::string_view tok = rest.substr(i, j - i);
            const int col = int(base + i) + 1;
            size_t len = 0;
            int thread = thread_prefix(tok, &len);
            if (thread < 0)
                return LineError{col, "a schedule choice is 'tN' or 'tN:kind' with N < " +
                                          std::to_string(kMaxThreads) + ", got '" +
                                          std::string(tok) + "'"};
            if (thread >= kMaxThreads)
                return LineError{col, "thread t" + std::string(tok.substr(1, len - 1)) +
                                          " is past the " + std::to_string(kMaxThreads) +
                                          "-thread limit (t0..t" + std::to_string(kMaxThreads - 1) +
                                          ")"};
            SchedChoice c{uint8_t(thread), kSchedStart};
            if (len < tok.size()) {
                if (tok[len] != ':')
                    return LineError{col + int(len),
                                     "expected ':' and a point kind after the thread"};
                std::string_view kind = tok.substr(len + 1);
                bool found = kind == "start";
                for (int k = 0; !found && k < LU_NR_SCHED_KINDS; k++)
                    if (kind == lu_sched_kind_name(lu_sched_kind(k))) {
                        c.kind = uint8_t(k);
                        found = true;
                    }
                if (!found)
                    return LineError{
                        col + int(len) + 1,
                        "unknown scheduling point '" + std::string(kind) +
                            "' (start, lock, unlock, alloc, driver, flb_get, flb_put)"};
            }
            if (sched.size() == kMaxSchedule)
                return LineError{col, "schedule too long: at most " + std::to_string(kMaxSchedule)};
            sched.push_back(c);
            i = j;
        }
        return std::nullopt;
    }

    std::optional<LineError> comment(std::string_view ln, std::string_view t) {
        std::string_view rest = t.substr(1);
        while (!rest.empty() && text::is_space(rest.front())) rest.remove_prefix(1);
        bool bugs = rest.substr(0, 5) == "bugs:", expect = rest.substr(0, 7) == "expect:";
        if (!bugs && !expect) return std::nullopt;
        const char *what = bugs ? "'# bugs:'" : "'# expect:'";
        if (!prog.steps.empty() || in_block)
            return LineError{col_of(ln, t), std::string(what) + " must come before the first step"};
        bool &seen = bugs ? have_bugs : have_expect;
        if (seen) return LineError{col_of(ln, t), std::string("duplicate ") + what + " line"};
        seen = true;
        if (bugs) return parse_bugs_spec(ln, rest.substr(5), &prog.bugs);
        return parse_expect(ln, rest.substr(7), &prog.expect);
    }
};

ParseResult error_result(std::string_view file, int line, int col, std::string message) {
    ParseResult r;
    r.error = ParseError{std::string(file), line, col, std::move(message)};
    return r;
}

} // namespace

ParseResult parse(std::string_view text, std::string_view filename) try {
    FileParser fp;
    int lineno = 0;
    if (text.substr(0, 3) == "\xef\xbb\xbf")
        return error_result(filename, 1, 1,
                            "the file starts with a UTF-8 byte-order mark (bytes EF BB BF); "
                            "save it without one: a .lu file starts with '" +
                                std::string(kLuTextMagic) + "'");
    for (size_t pos = 0; pos < text.size();) {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view ln = text.substr(pos, end - pos);
        if (nl != std::string_view::npos && !ln.empty() && ln.back() == '\r') ln.remove_suffix(1);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (lineno == INT32_MAX) return error_result(filename, lineno, 1, "too many lines");
        lineno++;
        if (auto e = fp.line(ln)) return error_result(filename, lineno, e->col, e->message);
    }
    if (fp.in_block)
        return error_result(filename, fp.block_line, 1,
                            "this concurrent block is never closed with '}'");
    if (!fp.have_version)
        return error_result(filename, 1, 1,
                            "empty file: the first line of a .lu file must be '" +
                                std::string(kLuTextMagic) + "'");
    ParseResult r;
    r.program = std::move(fp.prog);
    return r;
} catch (const std::exception &e) {
    return error_result(filename, 0, 0, std::string("internal error while parsing: ") + e.what());
}

ParseResult parse_file(const std::string &path) try {
    auto sys_error = [&](const char *what) {
        return error_result(path, 0, 0,
                            std::string(what) + ": " + std::generic_category().message(errno));
    };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return sys_error("cannot open");
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st;
    if (::fstat(fd, &st) != 0) return sys_error("cannot stat");
    if (S_ISDIR(st.st_mode)) return error_result(path, 0, 0, "is a directory, not a .lu file");
    std::string too_big = "larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
    if (S_ISREG(st.st_mode) && uint64_t(st.st_size) > kMaxFileBytes)
        return error_result(path, 0, 0, too_big);
    // Read one byte past the limit to tell "too large" from "exactly at it",
    // whatever kind of file it is (pipes and devices report no size).
    std::string data;
    char chunk[1 << 16];
    while (data.size() <= kMaxFileBytes) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return sys_error("cannot read");
        if (n == 0) break;
        data.append(chunk, size_t(n));
    }
    if (data.size() > kMaxFileBytes) return error_result(path, 0, 0, too_big);
    return parse(data, path);
} catch (const std::exception &e) {
    return error_result(path, 0, 0, std::string("cannot read: ") + e.what());
}

} // namespace lu
