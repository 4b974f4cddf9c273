// RapidCheck generation and shrinking of Programs. The harness generator
// draws from a RapidCheck-seeded source, sized by RapidCheck's size; the
// shrinks are the minimizer's moves (drop a step with everything that uses
// what it created, drop a fault, make a fault transient, lower a count), so
// RapidCheck shrinks at the level of the Program, not of raw choices.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <ostream>

#include "gen.h"
#include "program.h"

namespace lu {

rc::Gen<Program> arbitrary_program(const GenConfig &cfg);
rc::Seq<Program> program_shrinks(const Program &p);

// How RapidCheck prints a counterexample: the `.lu` text.
void showValue(const Program &p, std::ostream &os);

} // namespace lu
