// `lu merge DIR... --out DIR`: the shards of a nightly run (`lu nightly
// --shard I/N`, one DIR each, e.g. the artifacts of a CI matrix) merged into
// one report.json, junit.xml, summary.md and report.ktap, as if one run had
// run them all: families summed, failures deduplicated by signature.
#pragma once

#include <string>
#include <vector>

namespace lu::tools {

struct MergeOptions {
    std::vector<std::string> dirs;
    std::string out = "lu-merged";
};

int merge(const MergeOptions &o);

} // namespace lu::tools
