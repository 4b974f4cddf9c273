/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/bug.h> and panic(): BUG(), BUG_ON(), WARN(),
 * WARN_ON(), WARN_ON_ONCE(), panic().
 * Leaves out: taint flags, stack dumps. Stricter: every WARN is recorded in
 * the world's event log (the harness fails the step unless it expected it);
 * BUG() and panic() end the running operation with a verdict instead of the
 * machine. WARN_ON_ONCE warns once per world, not once per boot of the code.
 * LU_BUG() of the port's seeded defects comes with it.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/types.h>

/*
 * Kernel code has only sut/include on its include path: the port's runtime
 * headers beside it are reached by path.
 */
#include "../../lu/bugs.h"   /* LU_BUG(): the port's seeded defects */
#include "../../lu/hooks.h"  /* enum lu_event_kind */

#ifdef __cplusplus
extern "C" {
#endif
/* Declared as in <lu/world.h>: log an event; fatal kinds do not return. */
void lu_report(enum lu_event_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
__attribute__((noreturn)) void lu_fatal(enum lu_event_kind kind,
					const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#ifdef __cplusplus
}
#endif

#define BUG() lu_fatal(LU_EV_bug, "BUG at %s:%d", __FILE__, __LINE__)

#define BUG_ON(cond)                                                         \
	do {                                                                 \
		if (unlikely(cond))                                          \
			lu_fatal(LU_EV_bug, "BUG_ON(%s) at %s:%d", #cond,    \
				 __FILE__, __LINE__);                        \
	} while (0)

#define panic(fmt, ...) lu_fatal(LU_EV_panic, "panic: " fmt, ##__VA_ARGS__)

#define WARN(cond, fmt, ...)                                                 \
	({                                                                   \
		bool __w = !!(cond);                                         \
		if (unlikely(__w))                                           \
			lu_report(LU_EV_warn, "WARN at %s:%d: " fmt,         \
				  __FILE__, __LINE__, ##__VA_ARGS__);        \
		unlikely(__w);                                               \
	})

#define WARN_ON(cond)                                                        \
	({                                                                   \
		bool __w = !!(cond);                                         \
		if (unlikely(__w))                                           \
			lu_report(LU_EV_warn, "WARN_ON(%s) at %s:%d", #cond, \
				  __FILE__, __LINE__);                       \
		unlikely(__w);                                               \
	})

/* Once per world: the world's log is the "once" the harness sees. */
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN_ONCE(cond, fmt, ...) WARN(cond, fmt, ##__VA_ARGS__)

#endif /* _LINUX_BUG_H */
