// `lu demo`: a scripted live-update round trip on the built-in port.
#pragma once

#include <cstdint>

namespace lu::tools {

struct DemoOptions {
    uint64_t bugs = 0;
    int domains = 130; // more than one domain chain page (120 per page)
    int devices = 120; // more than one device chain page (110 per page)
};

int run_demo(const DemoOptions &opt);

} // namespace lu::tools
