// `lu explore`.
#pragma once

#include <cstddef>
#include <string>

namespace lu::tools {

struct ExploreCmdOptions {
    std::string file, bugs, out;
    bool naive = false; // also count every interleaving, without the reduction
    size_t max_runs = 100000;
};

int explore_file(const ExploreCmdOptions &o);

} // namespace lu::tools
