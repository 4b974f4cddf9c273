/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/printk.h>: the pr_*() family, with the file's
 * pr_fmt() (define it before the first include, as in the kernel), and
 * no_printk().
 * Leaves out: the log buffer; messages are dropped so that runs stay quiet
 * and fast. Stricter: the format is still checked against its arguments;
 * what matters goes through WARN()/BUG().
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

static inline __attribute__((format(printf, 1, 2))) int lu_no_printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#define no_printk(fmt, ...) lu_no_printk(fmt, ##__VA_ARGS__)

#define pr_emerg(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) lu_no_printk(pr_fmt(fmt), ##__VA_ARGS__)

#endif /* _LINUX_PRINTK_H */
