// Fault localization by line spectra: which source lines of the
// implementation go with a failure. The failing step's lines are set against
// the steps that pass, in the reproducer's neighbours and in a few generated
// programs, and ranked by the Ochiai score.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <sut.h>

#include "executor.h"
#include "program.h"

namespace lu {

struct Suspect {
    sut::SourceLine where;
    double score = 0; // Ochiai: ef / sqrt(F * (ef + ep)), in (0, 1]
};

struct Localization {
    std::vector<Suspect> suspects;   // best first
    size_t failing = 0, passing = 0; // spectra (steps) behind the scores
    std::set<std::string> files;     // the files the failing spectra ran
    std::string none;                // why there are no suspects, when there are none
};

// The @top most suspect lines of @p's failure under @opt. Each step is a
// spectrum (a concurrent block is one): the lines it ran. The step that
// fails is a failing spectrum (the run up to it when the failure is at the
// end, or the step ran none of the series' lines). The
// passing spectra are the steps before it and every passing step of: the
// neighbours of @p (one step or fault fewer, one fault more at a call the
// failing step makes, other schedules of its blocks), and a few generated
// programs under the same bugs. A neighbour that fails as @p does
// (failure_identity) adds its failing step. Of equal scores, the line the
// failing step reached last comes first. Empty, with @none set, when @p
// passes or the build has no spectra.
Localization localize(const Program &p, const RunOptions &opt, size_t top = 5);

// Does @loc single one line out: a first suspect that scores above the
// second (not first by the order of ties)?
bool decisive(const Localization &loc);

// "fn() at drivers/iommu/file.c:line" (the path from the tree's top), or ""
// when the line is unknown.
std::string suspect_text(const sut::SourceLine &where);

} // namespace lu
