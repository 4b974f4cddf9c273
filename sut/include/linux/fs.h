/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/fs.h>: only struct file, as the handle LUO file
 * handlers receive.
 * Leaves out: inodes, file operations, reference counting. Stricter: nothing.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

struct file {
	void *private_data;
};

#endif /* _LINUX_FS_H */
