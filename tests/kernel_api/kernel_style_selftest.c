// SPDX-License-Identifier: GPL-2.0
/*
 * Drives kernel_style_client.c the way a selftest module would: fake PCI
 * devices, records stored, looked up and released. Each entry point is one
 * operation run inside a simulated kernel by the C++ test.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/pci.h>

#include "kernel_style_client.h"
#include "kernel_style_selftest.h"

static struct pci_bus kclient_test_bus = {
	.domain_nr = 2,
	.number = 0x3a,
};

static void kclient_test_pdev(struct pci_dev *pdev, unsigned int i)
{
	*pdev = (struct pci_dev) {
		.dev.lu_is_pci = true,
		.bus = &kclient_test_bus,
		.devfn = i & 0xff,
	};
}

static u64 kclient_test_cookie(unsigned int i)
{
	return 0xc0de0000ull + i;
}

static struct kclient_store *kclient_test_fill(unsigned int nr)
{
	struct kclient_store *store = kclient_store_create();
	struct pci_dev pdev;
	unsigned int i;
	int ret;

	if (IS_ERR(store))
		return store;
	for (i = 0; i < nr; i++) {
		kclient_test_pdev(&pdev, i);
		ret = kclient_store_add(store, &pdev, kclient_test_cookie(i));
		if (ret) {
			kclient_store_destroy(store);
			return ERR_PTR(ret);
		}
	}
	return store;
}

int kclient_selftest_preserve(void *arg)
{
	struct kclient_selftest *t = arg;
	struct kclient_store *store = kclient_test_fill(t->nr_devs);

	if (IS_ERR(store))
		return PTR_ERR(store);
	t->handle = kclient_store_handle(store);
	return 0;
}

int kclient_selftest_unpreserve(void *arg)
{
	struct kclient_selftest *t = arg;
	struct kclient_store *store = kclient_test_fill(t->nr_devs);

	if (IS_ERR(store))
		return PTR_ERR(store);
	kclient_store_destroy(store);
	return 0;
}

int kclient_selftest_restore(void *arg)
{
	struct kclient_selftest *t = arg;
	struct kclient_store *store = kclient_store_restore(t->handle);
	struct pci_dev pdev;
	unsigned int i;
	u64 cookie;

	if (IS_ERR(store))
		return PTR_ERR(store);
	t->found = 0;
	/* The devfn wraps at 256: only the first 256 devices are distinct. */
	for (i = 0; i < t->nr_devs && i < 256; i++) {
		kclient_test_pdev(&pdev, i);
		if (!kclient_store_lookup(store, &pdev.dev, &cookie) &&
		    cookie == kclient_test_cookie(i))
			t->found++;
	}
	kclient_store_destroy(store);
	return 0;
}
