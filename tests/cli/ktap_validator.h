// A KTAP v1 validator for the CLI tests, after the kernel's
// Documentation/dev-tools/ktap.rst. Every line is a version line, a plan, a
// result line or a "# " diagnostic; each level of nesting is indented by 4
// more spaces and holds its own version line and plan; results are numbered
// 1, 2, ... at each level and their count matches the plan; a subtest block
// is followed by its parent's result line; TIMEOUT and ERROR only on "not ok".
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace lu::cli {

struct KtapResult {
    bool ok;
    std::string name, directive;
    std::vector<KtapResult> subtests;
};

class KtapValidator {
  public:
    explicit KtapValidator(const std::string &text) {
        std::istringstream in(text);
        for (std::string l; std::getline(in, l);) lines_.push_back(l);
        if (text.empty() || text.back() != '\n') fail(lines_.size(), "no final newline");
    }
    // The top level's results, or nothing (error() says why).
    std::optional<std::vector<KtapResult>> parse() {
        std::vector<KtapResult> out;
        if (!block(0, &out)) return std::nullopt;
        if (pos_ != lines_.size()) return fail(pos_, "unexpected line"), std::nullopt;
        if (!error_.empty()) return std::nullopt;
        return out;
    }
    const std::string &error() const { return error_; }

  private:
    bool fail(size_t line, const std::string &why) {
        if (error_.empty())
            error_ = "line " + std::to_string(line + 1) + ": " + why + ": '" +
                     (line < lines_.size() ? lines_[line] : "<end>") + "'";
        return false;
    }
    static bool indented(const std::string &l, size_t n) {
        return l.size() > n && l.compare(0, n, std::string(n, ' ')) == 0 && l[n] != ' ';
    }
    // One level: version, plan, then results (each maybe after a subtest
    // block and diagnostics) until a line of a shallower level.
    bool block(size_t indent, std::vector<KtapResult> *out) {
        const std::string ind(indent, ' ');
        if (pos_ >= lines_.size() || lines_[pos_] != ind + "KTAP version 1")
            return fail(pos_, "expected '" + ind + "KTAP version 1'");
        pos_++;
        static const std::regex plan_re("([1-9][0-9]*|0)");
        std::smatch m;
        const std::string plan_line = pos_ < lines_.size() ? lines_[pos_] : "";
        const std::string plan_body =
            indented(plan_line, indent) && plan_line.compare(indent, 3, "1..") == 0
                ? plan_line.substr(indent + 3)
                : "";
        if (!std::regex_match(plan_body, m, plan_re)) return fail(pos_, "expected a plan 1..N");
        const size_t planned = std::stoul(plan_body);
        pos_++;
        static const std::regex result_re("(ok|not ok) ([1-9][0-9]*)( [^#]*[^# ])?( # (.*))?");
        std::vector<KtapResult> pending; // a subtest block waiting for its parent's result
        bool have_pending = false;
        while (pos_ < lines_.size()) {
            const std::string &l = lines_[pos_];
            if (indented(l, indent + 4) && l.compare(indent + 4, 14, "KTAP version 1") == 0) {
                if (have_pending) return fail(pos_, "a subtest block without its parent's result");
                if (!block(indent + 4, &pending)) return false;
                have_pending = true;
                continue;
            }
            if (!indented(l, indent)) {
                if (indent > 0) break; // the parent's line (the parent checks it)
                return fail(pos_, "bad indentation, or an empty line");
            }
            const std::string body = l.substr(indent);
            if (body.rfind("# ", 0) == 0 || body == "#") {
                pos_++;
                continue;
            }
            if (!std::regex_match(body, m, result_re))
                return fail(pos_, "neither a result, a plan nor a diagnostic");
            if (std::stoul(m[2]) != out->size() + 1)
                return fail(pos_, "expected test number " + std::to_string(out->size() + 1));
            KtapResult r{m[1] == "ok",
                         m[3].matched ? m[3].str().substr(1) : "",
                         m[5].matched ? m[5].str() : "",
                         {}};
            if ((r.directive.rfind("TIMEOUT", 0) == 0 || r.directive.rfind("ERROR", 0) == 0) &&
                r.ok)
                return fail(pos_, "TIMEOUT and ERROR go with 'not ok'");
            if (have_pending) {
                bool all_ok = true;
                for (const KtapResult &s : pending)
                    all_ok = all_ok && (s.ok || s.directive.rfind("SKIP", 0) == 0);
                if (r.ok && !all_ok) return fail(pos_, "a passing parent of a failed subtest");
                r.subtests = std::move(pending);
                pending.clear();
                have_pending = false;
            }
            out->push_back(std::move(r));
            pos_++;
        }
        if (have_pending) return fail(pos_, "a subtest block without its parent's result");
        if (out->size() != planned)
            return fail(pos_, "plan 1.." + std::to_string(planned) + " but " +
                                  std::to_string(out->size()) + " result(s)");
        return true;
    }

    std::vector<std::string> lines_;
    size_t pos_ = 0;
    std::string error_;
};

// The results of @text, failing the test (with the reason) when it is not KTAP v1.
inline std::vector<KtapResult> valid_ktap(const std::string &text) {
    KtapValidator v(text);
    auto r = v.parse();
    EXPECT_TRUE(r.has_value()) << v.error() << "\n" << text;
    return r.value_or(std::vector<KtapResult>{});
}

inline bool rejected(const std::string &text) { return !KtapValidator(text).parse().has_value(); }

} // namespace lu::cli
