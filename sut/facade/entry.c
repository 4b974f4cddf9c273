// SPDX-License-Identifier: GPL-2.0
/*
 * Entering the port: every operation runs inside lu_world_enter(), which
 * makes the world current and sets the task's landing point, so that a
 * BUG(), panic(), reported misuse or a hardware fault inside kernel code
 * (an oops) ends the operation with a verdict instead of the process.
 */
#include <setjmp.h>
#include <signal.h>
#include <errno.h>
#include <string.h>

#include <linux/alloc_tag.h>
#include <lu/facade.h>
#include <lu/world.h>

static struct sigaction old_segv, old_bus;
static bool handlers_installed;

static void oops_handler(int sig, siginfo_t *si, void *uc)
{
	struct lu_world *w = lu_cur;
	struct sigaction *old = sig == SIGSEGV ? &old_segv : &old_bus;
	int task;

	if (w) {
		task = lu_current_task();
		if (task >= 0 && task <= LU_MAX_TASKS && w->landing[task]) {
			const struct lu_alloc_site *at = w->last_site[task];
			const char *file = at ? strstr(at->file, "drivers/") : NULL;

			/* The series' last call of a primitive came before it. */
			if (at && !w->call_site[task])
				lu_log(LU_EV_oops,
				       "oops: %s accessing %p [after %s() at %s:%d]",
				       sig == SIGSEGV ? "page fault" : "bus error",
				       si->si_addr, at->func, file ? file : at->file,
				       at->line);
			else
				lu_log(LU_EV_oops, "oops: %s accessing %p",
				       sig == SIGSEGV ? "page fault" : "bus error",
				       si->si_addr);
			w->dead = true;
			longjmp(*w->landing[task], 1);
		}
	}
	/* Not ours: hand it to whoever had it, or die as usual. */
	if (old->sa_flags & SA_SIGINFO && old->sa_sigaction) {
		old->sa_sigaction(sig, si, uc);
		return;
	}
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		return;
	}
	sigaction(sig, old, NULL);
}

static void install_handlers(void)
{
	struct sigaction sa;

	if (handlers_installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = oops_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	handlers_installed = true;
}

int lu_world_enter(struct lu_world *w, int (*fn)(void *arg), void *arg)
{
	struct lu_world *prev = lu_cur;
	jmp_buf landing, *prev_landing;
	volatile int ret;
	unsigned int held;
	int task;

	if (w->dead)
		return LU_FATAL;
	install_handlers();
	lu_cur = w;
	task = lu_current_task();
	if (task < 1 || task > LU_MAX_TASKS) {
		lu_cur = prev;
		return -EINVAL;
	}
	prev_landing = w->landing[task];
	w->landing[task] = &landing;
	w->last_site[task] = NULL;
	held = w->locks_held[task];
	if (setjmp(landing)) {
		ret = LU_FATAL;
	} else {
		ret = fn(arg);
		if (!w->dead && w->locks_held[task] != held)
			lu_fatal(LU_EV_lock, "task %d returned holding %d more lock(s)",
				 task, (int)(w->locks_held[task] - held));
	}
	w->landing[task] = prev_landing;
	lu_cur = prev;
	return ret;
}
