// What a property prints when it fails: the minimal `.lu` program, the file
// it was written to, the exact replay command, and a GoogleTest regression
// draft; then a SUMMARY line.
#pragma once

#include <string>

#include "executor.h"
#include "program.h"

namespace lu {

// Minimizes @p to 1-minimal for @v's signature, writes it under $LU_OUT (or
// ./lu-out), prints the report and returns it for the test's failure message.
// Is @v a known defect of the implementation under test (a kernel tree's
// revision baseline, corpus/kernel/<rev>/, still failing as recorded)? Such
// a failure does not fail a property; the port has no known defects.
bool is_known_defect(const Verdict &v);

std::string report_property_failure(const std::string &property, const Program &p,
                                    const RunOptions &opt, const Verdict &v);

} // namespace lu
