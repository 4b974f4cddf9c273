// SPDX-License-Identifier: GPL-2.0
/*
 * A driver-shaped user of the kernel API that sut/include stands in for. It
 * is written against the kernel's headers the way a driver would include
 * them and built with -Werror against sut/include alone, so a shim that
 * stops behaving like its kernel header breaks the build of this file.
 */
#define pr_fmt(fmt) "kclient: " fmt

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "kernel_style_client.h"

struct kclient_rec {
	u32 devid;
	u32 segment;
	u64 cookie;
};

struct kclient_page_hdr {
	u64 next_phys;		/* next page of the chain, 0 at the end */
	u32 nr;			/* records used in this page */
	u32 reserved;
};

/* One preserved page: a header, then as many records as fit. */
struct kclient_page {
	struct kclient_page_hdr hdr;
	struct kclient_rec recs[];
};

#define KCLIENT_RECS_PER_PAGE \
	((PAGE_SIZE - sizeof(struct kclient_page)) / sizeof(struct kclient_rec))

struct kclient_store {
	struct mutex lock;	/* protects tail and the records */
	struct kclient_page *head;
	struct kclient_page *tail;
	bool incoming;		/* restored from the previous kernel */
};

static struct kclient_page *kclient_next(struct kclient_page *page)
{
	struct kclient_page_hdr *hdr;

	if (!page->hdr.next_phys)
		return NULL;
	hdr = phys_to_virt(page->hdr.next_phys);
	return container_of(hdr, struct kclient_page, hdr);
}

struct kclient_store *kclient_store_create(void)
{
	struct kclient_store *store;
	int err;

	store = kzalloc_obj(*store);
	if (!store)
		return ERR_PTR(-ENOMEM);
	mutex_init(&store->lock);

	store->head = kho_alloc_preserve(PAGE_SIZE);
	if (IS_ERR(store->head)) {
		err = PTR_ERR(store->head);
		goto err_free_store;
	}
	store->tail = store->head;
	return store;

err_free_store:
	mutex_destroy(&store->lock);
	kfree(store);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(kclient_store_create);

/* Takes back every page of the chain at @handle, or none of them. */
struct kclient_store *kclient_store_restore(u64 handle)
{
	struct kclient_store *store __free(kfree) = kzalloc_obj(*store);
	struct kclient_page *page, *next;
	phys_addr_t phys;

	if (!store)
		return ERR_PTR(-ENOMEM);
	for (phys = handle; phys; phys = page->hdr.next_phys) {
		if (!kho_restore_folio(phys))
			goto err_put_pages;
		page = phys_to_virt(phys);
		if (!store->head)
			store->head = page;
		store->tail = page;
	}
	mutex_init(&store->lock);
	store->incoming = true;
	return_ptr(store);

err_put_pages:
	pr_warn("chain page %llx is lost\n", (unsigned long long)phys);
	for (page = store->head; page; page = next) {
		next = page == store->tail ? NULL : kclient_next(page);
		folio_put(virt_to_folio(page));
	}
	return ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_GPL(kclient_store_restore);

void kclient_store_destroy(struct kclient_store *store)
{
	struct kclient_page *page, *next;

	WARN_ON(mutex_is_locked(&store->lock));
	for (page = store->head; page; page = next) {
		next = kclient_next(page);
		if (store->incoming)
			folio_put(virt_to_folio(page));
		else
			kho_unpreserve_free(page);
	}
	mutex_destroy(&store->lock);
	kfree(store);
}
EXPORT_SYMBOL_GPL(kclient_store_destroy);

int kclient_store_add(struct kclient_store *store, struct pci_dev *pdev,
		      u64 cookie)
{
	struct kclient_page *page;
	struct kclient_rec *rec;

	if (WARN_ON(store->incoming))
		return -EPERM;

	guard(mutex)(&store->lock);
	page = store->tail;
	BUG_ON(page->hdr.nr > KCLIENT_RECS_PER_PAGE);
	if (page->hdr.nr == KCLIENT_RECS_PER_PAGE) {
		page = kho_alloc_preserve(PAGE_SIZE);
		if (IS_ERR(page))
			return PTR_ERR(page);
		store->tail->hdr.next_phys = virt_to_phys(page);
		store->tail = page;
	}
	rec = &page->recs[page->hdr.nr++];
	rec->devid = pci_dev_id(pdev);
	rec->segment = pci_domain_nr(pdev->bus);
	rec->cookie = cookie;
	return 0;
}
EXPORT_SYMBOL_GPL(kclient_store_add);

int kclient_store_lookup(struct kclient_store *store, struct device *dev,
			 u64 *cookie)
{
	struct kclient_page *page;
	struct pci_dev *pdev;
	u32 i;

	if (!dev_is_pci(dev)) {
		dev_err(dev, "not a PCI device\n");
		return -EINVAL;
	}
	pdev = to_pci_dev(dev);

	guard(mutex)(&store->lock);
	for (page = store->head; page; page = kclient_next(page)) {
		for (i = 0; i < page->hdr.nr; i++) {
			struct kclient_rec *rec = &page->recs[i];

			if (rec->devid == pci_dev_id(pdev) &&
			    rec->segment == (u32)pci_domain_nr(pdev->bus)) {
				*cookie = rec->cookie;
				return 0;
			}
		}
	}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(kclient_store_lookup);

u64 kclient_store_handle(struct kclient_store *store)
{
	return virt_to_phys(store->head);
}
EXPORT_SYMBOL_GPL(kclient_store_handle);

static int kclient_flb_preserve(struct liveupdate_flb_op_args *argp)
{
	struct kclient_store *store = kclient_store_create();

	if (IS_ERR(store))
		return PTR_ERR(store);
	argp->obj = store;
	argp->data = kclient_store_handle(store);
	return 0;
}

static int kclient_flb_retrieve(struct liveupdate_flb_op_args *argp)
{
	struct kclient_store *store = kclient_store_restore(argp->data);

	if (IS_ERR(store))
		return PTR_ERR(store);
	argp->obj = store;
	return 0;
}

/* Unpreserve in this kernel and finish in the next one both let go. */
static void kclient_flb_release(struct liveupdate_flb_op_args *argp)
{
	kclient_store_destroy(argp->obj);
}

static const struct liveupdate_flb_ops kclient_flb_ops = {
	.preserve = kclient_flb_preserve,
	.unpreserve = kclient_flb_release,
	.retrieve = kclient_flb_retrieve,
	.finish = kclient_flb_release,
};

static struct liveupdate_flb kclient_flb = {
	.ops = &kclient_flb_ops,
	.compatible = "kclient-v1",
};

int kclient_register(struct liveupdate_file_handler *fh)
{
	return liveupdate_register_flb(fh, &kclient_flb);
}
EXPORT_SYMBOL_GPL(kclient_register);

/* Record a device whose DMA a preserved file owns in the outgoing FLB. */
int kclient_record_device(struct pci_dev *pdev, u64 cookie)
{
	struct kclient_store *store;
	int ret;

	if (!iommu_group_dma_owner_claimed(pdev->dev.iommu_group))
		return -EINVAL;

	ret = liveupdate_flb_get_outgoing(&kclient_flb, (void **)&store);
	if (ret)
		return ret;
	ret = kclient_store_add(store, pdev, cookie);
	liveupdate_flb_put_outgoing(&kclient_flb);
	return ret;
}
EXPORT_SYMBOL_GPL(kclient_record_device);
