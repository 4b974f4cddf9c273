// KTAP version 1 output (the results format of KUnit and kselftest) for
// `lu nightly`, `lu check`, `lu replay` and `lu merge`, so that kernel CI
// systems read lu-check's results as they read the kernel's own. Pure
// functions from results to text; the callers write the file.
#pragma once

#include <string>
#include <vector>

#include "nightly.h"

namespace lu::tools {

struct KtapTest {
    std::string name; // '#' and line breaks are replaced: a KTAP name cannot hold them
    bool ok = true;
    std::string directive;                // "SKIP why", "XFAIL why", or empty
    std::vector<std::string> diagnostics; // "# ..." lines just before the result line
    std::vector<KtapTest> subtests;       // nested, indented by 4 spaces with their own plan
};

// A whole KTAP document: version line, plan, @header as diagnostic lines,
// then each test (its subtests first, then its diagnostics and result line).
std::string ktap_document(const std::vector<KtapTest> &tests,
                          const std::vector<std::string> &header = {});

// A nightly run (or a merge of shards): one test per dead worker, per
// property family (skipped when it ran no program), per distinct failure, and
// per known defect of the tree (passing, with a diagnostic).
std::string nightly_ktap(const NightlyReport &r);

} // namespace lu::tools
