// SPDX-License-Identifier: GPL-2.0
/*
 * Owner-checked sleeping locks for the port. A held mutex blocks the
 * calling task through the world's hooks; misuse that the kernel would
 * only catch with lockdep or not at all is reported here.
 */
#include <linux/bug.h>
#include <linux/mutex.h>
#include <lu/world.h>

#define LU_MUTEX_LIVE 0x6d757478u
#define LU_MUTEX_DEAD 0xdead6d75u

static void mutex_check(struct mutex *lock, const char *what)
{
	if ((unsigned long)lock < 4096)
		lu_fatal(LU_EV_oops, "NULL pointer dereference: %s(%p)", what,
			 (void *)lock);
	if (lock->magic != LU_MUTEX_LIVE)
		lu_fatal(LU_EV_lock, "%s of %s mutex %s", what,
			 lock->magic == LU_MUTEX_DEAD ? "a destroyed" :
							"an uninitialised",
			 lock->magic == LU_MUTEX_DEAD ? lock->name : "?");
}

static void mutex_forget(struct lu_world *w, struct mutex *lock)
{
	unsigned int i;

	for (i = 0; i < w->nr_mutexes; i++) {
		if (w->mutexes[i] == lock) {
			w->mutexes[i] = w->mutexes[--w->nr_mutexes];
			return;
		}
	}
}

void lu_mutex_init(struct mutex *lock, const char *name)
{
	struct lu_world *w = lu_cur;

	lock->owner = 0;
	lock->waiters = 0;
	lock->magic = LU_MUTEX_LIVE;
	lock->name = name;
	mutex_forget(w, lock);
	if (w->nr_mutexes < LU_MAX_MUTEXES)
		w->mutexes[w->nr_mutexes++] = lock;
}

void (mutex_lock)(struct mutex *lock)
{
	struct lu_world *w = lu_cur;
	int me = lu_current_task();
	bool woken;

	mutex_check(lock, "mutex_lock");
	lu_sched_point(LU_SCHED_lock, lock);
	while (lock->owner) {
		if (lock->owner == me)
			lu_fatal(LU_EV_lock, "deadlock: task %d locks %s, which it holds",
				 me, lock->name);
		lock->waiters++;
		woken = w->hooks.block_on && w->hooks.block_on(w->hooks.ctx, lock);
		lu_cur = w;  /* other tasks ran meanwhile */
		lock->waiters--;
		if (!woken)
			lu_fatal(LU_EV_lock,
				 "deadlock: task %d waits for %s held by task %d",
				 me, lock->name, lock->owner);
		if (w->dead)
			lu_unwind();
		mutex_check(lock, "mutex_lock");
	}
	lock->owner = me;
	w->locks_held[me]++;
}

int mutex_trylock(struct mutex *lock)
{
	int me = lu_current_task();

	mutex_check(lock, "mutex_trylock");
	if (lock->owner)
		return 0;
	lock->owner = me;
	lu_cur->locks_held[me]++;
	return 1;
}

void (mutex_unlock)(struct mutex *lock)
{
	struct lu_world *w = lu_cur;
	int me = lu_current_task();

	mutex_check(lock, "mutex_unlock");
	if (lock->owner != me)
		lu_fatal(LU_EV_lock, "task %d unlocks %s, owned by %s%d", me,
			 lock->name, lock->owner ? "task " : "nobody: ",
			 lock->owner);
	lock->owner = 0;
	w->locks_held[me]--;
	if (lock->waiters && w->hooks.wake)
		w->hooks.wake(w->hooks.ctx, lock);
	lu_sched_point(LU_SCHED_unlock, lock);
}

void (mutex_destroy)(struct mutex *lock)
{
	mutex_check(lock, "mutex_destroy");
	if (lock->owner || lock->waiters)
		lu_fatal(LU_EV_lock, "mutex %s destroyed while %s", lock->name,
			 lock->owner ? "held" : "waited on");
	lock->magic = LU_MUTEX_DEAD;
	mutex_forget(lu_cur, lock);
}

bool mutex_is_locked(struct mutex *lock)
{
	return lock->owner != 0;
}

void lu_lockdep_assert_held(struct mutex *lock, const char *expr,
			    const char *file, int line)
{
	if ((unsigned long)lock < 4096 || lock->magic != LU_MUTEX_LIVE ||
	    lock->owner != lu_current_task())
		lu_log(LU_EV_lock, "lockdep_assert_held(%s) failed at %s:%d",
		       expr, file, line);
}

/* Called by kfree(): mutexes inside a freed block die with it. */
void lu_mutex_free_range(const void *start, size_t size)
{
	struct lu_world *w = lu_cur;
	const char *lo = start, *hi = lo + size;
	unsigned int i = 0;

	while (i < w->nr_mutexes) {
		struct mutex *m = w->mutexes[i];

		if ((const char *)m >= lo && (const char *)m < hi) {
			if (m->owner || m->waiters)
				lu_fatal(LU_EV_lock, "mutex %s freed while %s by task %d",
					 m->name, m->owner ? "held" : "waited on",
					 m->owner);
			w->mutexes[i] = w->mutexes[--w->nr_mutexes];
			continue;
		}
		i++;
	}
}
