// Deduplication, minimization and saving of failures (see findings.h).
#include "findings.h"

#include <filesystem>

#include "minimize.h"

#include "report.h"

namespace lu::tools {

std::string signature_file_name(const std::string &signature) {
    std::string s;
    for (char c : signature)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
    return s + ".lu";
}

const Finding *Findings::add(const Program &failing, const Verdict &v, const std::string &family,
                             size_t index, std::string *error) {
    failures_++;
    if (auto it = found_.find(v.signature); it != found_.end()) {
        it->second.count++;
        return nullptr;
    }
    MinimizeStats st;
    Finding f;
    f.minimized = minimize(failing, ro_, v.signature, &st);
    f.minimized.expect = "fail " + v.signature;
    f.signature = v.signature;
    f.family = family;
    f.detail = describe(failing, v);
    f.index = index;
    f.count = 1;
    f.steps_before = st.steps_before;
    f.steps_after = st.steps_after;
    f.preemptions = run_program(f.minimized, ro_).preemptions;
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
