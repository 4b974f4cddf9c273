// `lu replay` and `lu minimize`.
#pragma once

#include <string>

namespace lu::tools {

struct ReplayOptions {
    std::string file, bugs;
    bool trace = false;
};
int replay(const ReplayOptions &o);

struct MinimizeOptions {
    std::string file, out, bugs;
};
int minimize_file(const MinimizeOptions &o);

} // namespace lu::tools
