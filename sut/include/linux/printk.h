/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/printk.h>: pr_err/pr_warn/pr_info/pr_debug.
 * Leaves out: the log buffer; messages are dropped so that runs stay quiet
 * and fast. Stricter: nothing; what matters goes through WARN()/BUG().
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

static inline __attribute__((format(printf, 1, 2))) int lu_no_printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#define pr_err(fmt, ...) lu_no_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) lu_no_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) lu_no_printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) lu_no_printk(fmt, ##__VA_ARGS__)

#endif /* _LINUX_PRINTK_H */
