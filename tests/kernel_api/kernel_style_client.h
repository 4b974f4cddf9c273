/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface of kernel_style_client.c, a driver-shaped user of the
 * kernel API that sut/include stands in for: per-device records kept in a
 * chain of KHO-preserved pages and handed to the next kernel through LUO.
 */
#ifndef _KERNEL_STYLE_CLIENT_H
#define _KERNEL_STYLE_CLIENT_H

#include <linux/liveupdate.h>
#include <linux/pci.h>
#include <linux/types.h>

struct kclient_store;

struct kclient_store *kclient_store_create(void);
struct kclient_store *kclient_store_restore(u64 handle);
void kclient_store_destroy(struct kclient_store *store);
int kclient_store_add(struct kclient_store *store, struct pci_dev *pdev,
		      u64 cookie);
int kclient_store_lookup(struct kclient_store *store, struct device *dev,
			 u64 *cookie);
u64 kclient_store_handle(struct kclient_store *store);

int kclient_register(struct liveupdate_file_handler *fh);
int kclient_record_device(struct pci_dev *pdev, u64 cookie);

#endif /* _KERNEL_STYLE_CLIENT_H */
