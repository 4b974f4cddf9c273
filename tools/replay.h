// `lu replay` and `lu minimize`.
#pragma once

#include <cstddef>
#include <string>

namespace lu::tools {

struct ReplayOptions {
    std::string file, bugs;
    bool trace = false;
    std::string timeline;        // where to write the HTML timeline, if anywhere
    std::string ktap;            // where to write the result as KTAP, if anywhere
    size_t linearize_budget = 0; // 0: RunOptions' default
};
int replay(const ReplayOptions &o);

struct MinimizeOptions {
    std::string file, out, bugs;
};
int minimize_file(const MinimizeOptions &o);

} // namespace lu::tools
