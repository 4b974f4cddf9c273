// Internal to the executor: how a run feeds its Timeline (timeline.h). The
// executor's hooks and its step loops call these only when
// RunOptions::timeline is set; they read the run, never steer it.
#pragma once

#include <lu/hooks.h>

#include "executor.h"
#include "timeline.h"

namespace lu::detail {

struct Runner;

void tl_step_begin(Runner &r, size_t step);
void tl_step_end(Runner &r, size_t step, int ret);
// Around the scheduler: the thread reached a point, then runs again.
void tl_point(Runner &r, lu_sched_kind kind, const void *obj);
void tl_resume(Runner &r, bool woken = true);
void tl_block(Runner &r, const void *obj);
void tl_wake(Runner &r, const void *obj);
void tl_site(Runner &r, lu_site site, uint32_t nth, bool failed);
void tl_report(Runner &r, lu_event_kind kind, const char *msg);
// After the run: the verdict.
void tl_finish(Timeline &t, const Program &p, const Verdict &v);

} // namespace lu::detail
