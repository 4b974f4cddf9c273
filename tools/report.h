// How the tools report: loading a `.lu` file (errors as file:line:col),
// resolving the bug set to run under, printing a verdict, and the closing
// `SUMMARY: lu: ...` line with the exact command that replays the failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "baseline.h"
#include "executor.h"
#include "localize.h"
#include "program.h"

namespace lu::tools {

// Exit codes shared by every subcommand; `lu nightly` adds its own two.
inline constexpr int kExitPass = 0, kExitFail = 1, kExitUsage = 2;
inline constexpr int kExitInterrupted = 3, kExitWorkerDied = 4;
// `lu explore` stopped by --max-runs with no failure: not exhaustive.
inline constexpr int kExitIncomplete = 3;

// Parse @path and check its `# expect:` signature; on error print it to
// stderr (FILE:LINE:COL: message) and return nothing.
std::optional<Program> load(const std::string &path);
// What is wrong with a failure signature (kind:op[:site], of known kinds,
// ops and sites), and at which byte of it; nothing when it is well formed.
std::optional<std::string> signature_problem(const std::string &sig, size_t *at);
// False (printed as FILE:LINE:COL: message) when @p's `# expect: fail SIG`
// names no possible failure; @text is the file @p was parsed from.
bool check_expect(const Program &p, const std::string &text, const std::string &path);
// --bugs if given, else the program's `# bugs:`, else fixed; false on a bad name.
bool resolve_bugs(const std::string &flag, const Program &p, uint64_t *mask);
// Write @content to @path: a regular file (or a new one) atomically, through
// a temporary file beside it renamed over it; through a symlink, the file it
// leads to (the link stays); a character device or a FIFO in place; a
// directory, socket or block device is refused. False on error, printed as
// "cannot write PATH: reason".
bool write_atomically(const std::string &path, const std::string &content);
// Can a file be created in @dir (a probe file is created and removed)? The
// reason (strerror) when not.
std::optional<std::string> writable_dir(const std::string &dir);
// Write @p atomically (temporary file, then rename); false on error (printed).
bool save(const Program &p, const std::string &path);
// "step 7: domain_preserve(d0): differential: expected -EBUSY, got 0"
std::string describe(const Program &p, const Verdict &v);
// Does @v meet the program's `# expect:` line? (No line: any verdict does.)
bool meets_expectation(const Program &p, const Verdict &v);
// Seconds on the steady clock.
double now_seconds();
// "90", "90s", "10m", "2h", "1h30m", "1d": seconds, > 0 and at most a year;
// when false, @why (if given) says what is wrong, e.g. "must be more than zero".
bool parse_duration(const std::string &text, double *seconds, std::string *why = nullptr);
// @word as one shell word: as is when it has no special character, else quoted.
std::string shell_quote(const std::string &word);
// How to run this `lu` from a shell: "lu" when PATH finds this very binary,
// else its absolute path (/proc/self/exe).
std::string lu_command();
// @command ("lu replay ...") with its leading "lu" made runnable (lu_command()).
std::string runnable(const std::string &command);
// Replays the known defects of the implementation's revision (corpus/kernel/
// <rev>/) under @ro and prints the groups, each line prefixed with @tool;
// false when the baseline cannot be read (printed).
bool run_baseline(const char *tool, const RunOptions &ro, Baseline *out);
// The failure's SUMMARY line, preceded by the replay command (made runnable).
// It names the source line the failure's detail names, else @suspect (the
// first of localize(), as suspect_text gives it).
void print_summary(const Verdict &v, const std::string &where, const std::string &replay,
                   const std::string &suspect = "");
// One `suspect:` line per suspect of @loc (or one saying why there is none).
void print_suspects(const Localization &loc);
// The source line a failure points at: the one its detail names, else
// @suspect, as "from fn() at file:line" or "suspect fn() at ..."; empty when
// neither is known.
std::string pointed_line(const std::string &detail, const std::string &suspect);
// The text of @loc's first suspect; empty when it has none.
std::string first_suspect(const Localization &loc);
// The implementation's source line a failure's detail names first, as
// "fn() at drivers/iommu/file.c:123" (the line that called the primitive a
// fatal event came from, or that allocated what leaked); empty when none.
std::string source_of(const std::string &detail);
void print_summary(const std::string &signature, const std::string &where,
                   const std::string &replay);

} // namespace lu::tools
