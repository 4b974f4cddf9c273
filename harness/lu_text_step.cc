// The parser of one step line of the `.lu` format:
//   [HANDLE =] OPNAME(ARG, ...)  [(fail: SITE#N[+], ...)]  [# comment]
// A single left-to-right scan with no backtracking; the first problem found
// becomes the line's error, with the column of the offending token.
#include <cinttypes>
#include <cstdio>

#include "lu_text.h"
#include "lu_text_step.h"

namespace lu::text {

std::string quote(std::string_view token) {
    constexpr size_t kShown = 40;
    std::string out = "'";
    for (size_t i = 0; i < token.size() && i < kShown; i++) {
        auto c = static_cast<unsigned char>(token[i]);
        if (c >= 0x80) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (token.size() > kShown) out += "...";
    return out + "'";
}

namespace {

const char *kind_word(Arg kind) {
    switch (kind) {
    case Arg::file:
        return "file";
    case Arg::domain:
        return "domain";
    case Arg::unit:
        return "unit";
    case Arg::dev:
        return "device";
    case Arg::iova:
        return "iova";
    case Arg::pages:
        return "pages";
    case Arg::bdf:
        return "bdf";
    case Arg::count:
        return "count";
    default:
        return "?";
    }
}

// "a domain handle (dN)" or "a number (iova)".
std::string wanted(Arg kind) {
    if (is_handle(kind))
        return std::string("a ") + kind_word(kind) + " handle (" + handle_letter(kind) + "N)";
    return std::string("a number (") + kind_word(kind) + ")";
}

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
    return buf;
}

class StepParser {
  public:
    StepParser(std::string_view line, HandleCounts &counts) : s_(line), counts_(counts) {}

    std::optional<LineError> run(Step *out) {
        if (!step(out)) return std::move(err_);
        return std::nullopt;
    }

  private:
    std::string_view s_;
    size_t i_ = 0;
    HandleCounts &counts_;
    std::optional<LineError> err_;

    bool fail(size_t pos, std::string message) {
        err_ = LineError{static_cast<int>(pos) + 1, std::move(message)};
        return false;
    }
    void skip_space() {
        while (i_ < s_.size() && is_space(s_[i_])) i_++;
    }
    bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
    bool at_end_or_comment() const { return i_ == s_.size() || s_[i_] == '#'; }
    std::string_view word() {
        size_t start = i_;
        while (i_ < s_.size() && is_word(s_[i_])) i_++;
        return s_.substr(start, i_ - start);
    }
    // What stands at pos, for "got ..." in messages.
    std::string here(size_t pos) const {
        if (pos >= s_.size()) return "end of line";
        size_t end = pos;
        while (end < s_.size() && is_word(s_[end])) end++;
        return quote(s_.substr(pos, end == pos ? 1 : end - pos));
    }

    // A canonical handle name ("d0", "d12"; no leading zeros). The index
    // saturates, which is then simply "not defined here".
    static bool handle_token(std::string_view w, Arg *kind, uint64_t *index) {
        if (w.size() < 2 || (*kind = handle_kind_of_letter(w[0])) == Arg::none) return false;
        if (w[1] == '0' && w.size() > 2) return false;
        uint64_t v = 0;
        for (char c : w.substr(1)) {
            if (!is_digit(c)) return false;
            v = v > UINT32_MAX ? v : v * 10 + uint64_t(c - '0');
        }
        *index = v;
        return true;
    }

    bool step(Step *out) {
        skip_space();
        size_t first_pos = i_;
        std::string_view first = word();
        if (first.empty()) return fail(first_pos, "expected an op name, got " + here(first_pos));
        skip_space();
        std::string_view name = first, lhs;
        size_t name_pos = first_pos, lhs_pos = 0;
        if (at('=')) {
            lhs = first;
            lhs_pos = first_pos;
            i_++;
            skip_space();
            name_pos = i_;
            name = word();
            if (name.empty())
                return fail(name_pos, "expected an op name after '=', got " + here(name_pos));
            skip_space();
        } else if (i_ < s_.size() && is_word(s_[i_])) {
            return fail(i_, "expected '=' or '(' after " + quote(first) + ", got " + here(i_));
        }
        auto op = op_by_name(name);
        if (!op) return fail(name_pos, "unknown op " + quote(name));
        out->op = *op;
        const OpInfo &info = op_info(*op);
        if (info.creates != Arg::none) {
            int k = handle_kind_index(info.creates);
            std::string want = handle_name(info.creates, counts_[k]);
            if (lhs.empty())
                return fail(name_pos, std::string(info.name) + " creates a " +
                                          kind_word(info.creates) + " handle: write '" + want +
                                          " = " + std::string(info.name) +
                                          (info.nargs ? "(...)'" : "()'"));
            if (lhs != want)
                return fail(lhs_pos, "this " + std::string(info.name) + " creates " + want +
                                         ", not " + quote(lhs) +
                                         " (handles are numbered in creation order)");
        } else if (!lhs.empty()) {
            return fail(lhs_pos, std::string(info.name) + " returns no handle: drop '" +
                                     std::string(lhs) + " ='");
        }
        if (!at('(')) return fail(i_, "expected '(' after " + quote(name) + ", got " + here(i_));
        if (!args(info, out)) return false;
        skip_space();
        if (at('(') && !annotation(out)) return false;
        skip_space();
        if (at('(')) return fail(i_, "only one fault annotation per step: list all faults in it");
        if (!at_end_or_comment())
            return fail(i_, "unexpected " + here(i_) +
                                " after the step (only '(fail: ...)' or a '#' comment may follow)");
        if (info.creates != Arg::none) counts_[handle_kind_index(info.creates)]++;
        return true;
    }

    std::string signature(const OpInfo &info) const {
        std::string sig;
        for (int a = 0; a < info.nargs; a++)
            sig += (a ? ", " : "") + std::string(kind_word(info.args[a]));
        if (info.nargs == 0) return std::string(info.name) + " takes no arguments";
        return std::string(info.name) + " takes " + std::to_string(info.nargs) +
               (info.nargs == 1 ? " argument (" : " arguments (") + sig + ")";
    }

    bool args(const OpInfo &info, Step *out) {
        size_t open = i_++;
        skip_space();
        int n = 0;
        if (!at(')')) {
            for (;;) {
                if (at_end_or_comment())
                    return fail(i_, "missing ')' to close the argument list opened at column " +
                                        std::to_string(open + 1));
                if (n == info.nargs) return fail(i_, signature(info));
                if (!arg(info.args[n], &out->args[n])) return false;
                n++;
                skip_space();
                if (at(',')) {
                    i_++;
                    skip_space();
                    continue;
                }
                if (at(')')) break;
                if (at_end_or_comment())
                    return fail(i_, "missing ')' to close the argument list opened at column " +
                                        std::to_string(open + 1));
                return fail(i_, "expected ',' or ')' after an argument, got " + here(i_));
            }
        }
        if (n < info.nargs) return fail(i_, signature(info) + ", got " + std::to_string(n));
        i_++;
        return true;
    }

    bool arg(Arg kind, uint64_t *out) {
        size_t pos = i_;
        std::string_view w = word();
        if (w.empty()) return fail(pos, "expected " + wanted(kind) + ", got " + here(pos));
        if (is_handle(kind)) {
            Arg got = Arg::none;
            uint64_t index = 0;
            if (!handle_token(w, &got, &index) || got != kind)
                return fail(pos, "expected " + wanted(kind) + ", got " + quote(w));
            uint64_t have = counts_[handle_kind_index(kind)];
            if (index >= have)
                return fail(pos, std::string(w) + " is not defined here (" + std::to_string(have) +
                                     " " + kind_word(kind) + (have == 1 ? "" : "s") + " so far)");
            *out = index;
            return true;
        }
        if (!is_digit(w[0])) return fail(pos, "expected " + wanted(kind) + ", got " + quote(w));
        uint64_t v = 0;
        if (!number(w, pos, &v)) return false;
        if (v > arg_max(kind))
            return fail(pos, std::string(kind_word(kind)) + " " + std::string(w) +
                                 " is out of range (0.." + hex(arg_max(kind)) + ")");
        *out = v;
        return true;
    }

    // Decimal or 0x-hex, rejecting anything that does not fit in 64 bits.
    bool number(std::string_view w, size_t pos, uint64_t *out) {
        uint64_t v = 0;
        if (w.size() >= 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
            if (w.size() == 2) return fail(pos, "expected hex digits after '0x'");
            for (char c : w.substr(2)) {
                int d = is_digit(c)              ? c - '0'
                        : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                 : -1;
                if (d < 0) return fail(pos, quote(w) + " is not a hex number");
                if (v >> 60) return fail(pos, quote(w) + " does not fit in 64 bits");
                v = v << 4 | uint64_t(d);
            }
        } else {
            for (char c : w) {
                if (!is_digit(c)) return fail(pos, quote(w) + " is not a number");
                uint64_t d = uint64_t(c - '0');
                if (v > (UINT64_MAX - d) / 10)
                    return fail(pos, quote(w) + " does not fit in 64 bits");
                v = v * 10 + d;
            }
        }
        *out = v;
        return true;
    }

    bool annotation(Step *out) {
        size_t open = i_++;
        skip_space();
        size_t kw_pos = i_;
        if (word() != "fail")
            return fail(kw_pos,
                        "expected 'fail:' after '(' of a fault annotation, got " + here(kw_pos));
        skip_space();
        if (!at(':')) return fail(i_, "expected ':' after 'fail', got " + here(i_));
        i_++;
        for (;;) {
            skip_space();
            if (out->faults.size() == kMaxFaultsPerStep)
                return fail(i_, "too many faults: at most " + std::to_string(kMaxFaultsPerStep) +
                                    " per step");
            if (!fault(out)) return false;
            skip_space();
            if (at(',')) {
                i_++;
                continue;
            }
            if (at(')')) break;
            if (at_end_or_comment())
                return fail(i_, "missing ')' to close the fault annotation opened at column " +
                                    std::to_string(open + 1));
            return fail(i_, "expected ',' or ')' after a fault, got " + here(i_));
        }
        i_++;
        return true;
    }

    bool fault(Step *out) {
        size_t pos = i_;
        std::string_view name = word();
        if (name.empty()) return fail(pos, "expected a fault site (SITE#N), got " + here(pos));
        int site = 0;
        while (site < LU_NR_SITES && name != lu_site_name(static_cast<lu_site>(site))) site++;
        if (site == LU_NR_SITES) return fail(pos, "unknown fault site " + quote(name));
        if (!at('#'))
            return fail(i_, "expected '#N' right after the fault site (e.g. " + std::string(name) +
                                "#1), got " + here(i_));
        i_++;
        size_t npos = i_;
        std::string_view digits = word();
        uint64_t nth = 0;
        bool ok = !digits.empty();
        for (char c : digits) {
            if (!(ok = is_digit(c))) break;
            nth = nth > kMaxFaultNth ? nth : nth * 10 + uint64_t(c - '0');
        }
        if (!ok) return fail(npos, "expected a call number after '#', got " + here(npos));
        if (nth < 1 || nth > kMaxFaultNth)
            return fail(npos, "call number " + std::string(digits) + " is out of range (1.." +
                                  std::to_string(kMaxFaultNth) + ")");
        Fault f{static_cast<lu_site>(site), static_cast<uint32_t>(nth), false};
        if (at('+')) {
            f.persistent = true;
            i_++;
        }
        out->faults.push_back(f);
        return true;
    }
};

} // namespace

std::optional<LineError> parse_step(std::string_view line, HandleCounts &counts, Step *out) {
    *out = Step{};
    return StepParser(line, counts).run(out);
}

} // namespace lu::text
