/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/liveupdate.h>: LUO file handlers and FLBs
 * (File-Lifecycle-Bound objects shared by all files of a handler).
 * Leaves out: sessions as character devices, tokens, module reference
 * counting. FLB private state lives in the world, not in struct
 * liveupdate_flb, so that the kernel's static FLB objects serve many worlds.
 * Stricter: the FLB get/put calls are scheduling points; taking them from
 * inside the FLB's own callbacks is a self-deadlock and is reported; an
 * unbalanced put is reported. The default is the generation of the API
 * whose get_outgoing returns -ENOENT without an object and takes a
 * reference (put_* drop it); the luo_gen_a mode gives the older one.
 * Includes <linux/bug.h> and <linux/mutex.h>, as the kernel's does.
 * liveupdate_unregister_flb() returns void, as in the LUO that has the put
 * calls.
 */
#ifndef _LINUX_LIVEUPDATE_H
#define _LINUX_LIVEUPDATE_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct liveupdate_flb;
struct liveupdate_file_handler;

struct liveupdate_flb_op_args {
	struct liveupdate_flb *flb;
	u64 data;
	void *obj;
};

struct liveupdate_flb_ops {
	int (*preserve)(struct liveupdate_flb_op_args *argp);
	void (*unpreserve)(struct liveupdate_flb_op_args *argp);
	int (*retrieve)(struct liveupdate_flb_op_args *argp);
	void (*finish)(struct liveupdate_flb_op_args *argp);
};

struct liveupdate_flb {
	const struct liveupdate_flb_ops *ops;
	const char *compatible;
};

struct liveupdate_file_op_args {
	struct liveupdate_file_handler *handler;
	int retrieve_status;
	struct file *file;
	u64 serialized_data;
	void *private_data;
};

struct liveupdate_file_ops {
	bool (*can_preserve)(struct liveupdate_file_handler *handler,
			     struct file *file);
	int (*preserve)(struct liveupdate_file_op_args *args);
	void (*unpreserve)(struct liveupdate_file_op_args *args);
	int (*freeze)(struct liveupdate_file_op_args *args);
	void (*unfreeze)(struct liveupdate_file_op_args *args);
	int (*retrieve)(struct liveupdate_file_op_args *args);
	bool (*can_finish)(struct liveupdate_file_op_args *args);
	void (*finish)(struct liveupdate_file_op_args *args);
};

struct liveupdate_file_handler {
	const struct liveupdate_file_ops *ops;
	const char *compatible;
};

bool liveupdate_enabled(void);
int liveupdate_register_flb(struct liveupdate_file_handler *fh,
			    struct liveupdate_flb *flb);
void liveupdate_unregister_flb(struct liveupdate_file_handler *fh,
			       struct liveupdate_flb *flb);
int liveupdate_flb_get_outgoing(struct liveupdate_flb *flb, void **objp);
void liveupdate_flb_put_outgoing(struct liveupdate_flb *flb);
int liveupdate_flb_get_incoming(struct liveupdate_flb *flb, void **objp);
void liveupdate_flb_put_incoming(struct liveupdate_flb *flb);

#endif /* _LINUX_LIVEUPDATE_H */
