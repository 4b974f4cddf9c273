// Deduplication, minimization and saving of failures (see findings.h).
#include "findings.h"

#include <filesystem>

#include "report.h"

namespace lu::tools {

std::string signature_file_name(const std::string &signature) {
    std::string s;
    for (char c : signature)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
    return s + ".lu";
}

Reproducer make_reproducer(const Program &failing, const Verdict &v, const RunOptions &ro) {
    Reproducer r;
    r.program = minimize(failing, ro, v.signature, &r.stats);
    r.program.expect = "fail " + v.signature;
    r.verdict = run_program(r.program, ro);
    r.preemptions = r.verdict.preemptions;
    return r;
}

const Finding *Findings::add(const Program &failing, const Verdict &v, const std::string &family,
                             size_t index, std::string *error) {
    failures_++;
    if (auto it = found_.find(v.signature); it != found_.end()) {
        it->second.count++;
        return nullptr;
    }
    Reproducer r = make_reproducer(failing, v, ro_);
    Finding f;
    f.minimized = std::move(r.program);
    f.signature = v.signature;
    f.family = family;
    // Its message speaks of the reproducer a user replays, not of @failing.
    f.detail = r.verdict.ok ? describe(failing, v) : describe(r.program, r.verdict);
    f.index = index;
    f.count = 1;
    f.steps_before = r.stats.steps_before;
    f.steps_after = r.stats.steps_after;
    f.preemptions = r.preemptions;
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    f.path = (std::filesystem::path(dir_) / signature_file_name(v.signature)).string();
    if (ec || !save(f.minimized, f.path)) {
        if (error) *error = "cannot write " + f.path;
        return nullptr;
    }
    return &found_.emplace(v.signature, std::move(f)).first->second;
}

} // namespace lu::tools
