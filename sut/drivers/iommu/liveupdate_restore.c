// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU domain preservation across kexec: incoming side. Walks the chains
 * the previous kernel left (live entries only), finds the entries of a
 * device or an IOMMU unit, and rebuilds a preserved domain once, however
 * many devices share it.
 */
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/iommu-liveupdate.h>
#include <linux/pci.h>

#include "liveupdate-internal.h"

/* A position in a chain: page, index, record size. */
struct chain_iter {
	struct iommu_array_hdr_ser *page;
	u64 idx;
	size_t size;
};

static void chain_iter_init(struct chain_iter *it, void *head, size_t size)
{
	it->page = head;
	it->idx = 0;
	it->size = size;
}

/* The next live record, or NULL at the end of the chain. */
static void *chain_iter_next(struct chain_iter *it)
{
	while (it->page) {
		u64 end = it->page->nr_objects + (LU_BUG(iter_le) ? 1 : 0);

		while (it->idx < end) {
			struct iommu_hdr_ser *hdr = (void *)((char *)(it->page + 1) +
							     it->idx * it->size);

			it->idx++;
			if ((hdr->flags & IOMMU_SER_FLAG_DELETED) &&
			    !LU_BUG(iter_no_deleted_filter))
				continue;
			return hdr;
		}
		it->page = it->page->next_array_phys ?
				   phys_to_virt(it->page->next_array_phys) : NULL;
		it->idx = 0;
	}
	return NULL;
}

static int get_incoming_obj(struct iommu_flb_obj **objp)
{
	return liveupdate_flb_get_incoming(&iommu_flb, (void **)objp);
}

static void put_incoming_obj(void)
{
	liveupdate_flb_put_incoming(&iommu_flb);
}

int iommu_for_each_preserved_device(int (*fn)(struct iommu_device_ser *ser,
					      void *arg),
				    void *arg)
{
	struct iommu_device_ser *ser;
	struct iommu_flb_obj *obj;
	struct chain_iter it;
	int ret = 0;

	if (get_incoming_obj(&obj))
		return -ENOENT;
	mutex_lock(&obj->lock);
	chain_iter_init(&it, obj->curr_device_array, sizeof(*ser));
	while ((ser = chain_iter_next(&it))) {
		ret = fn(ser, arg);
		if (ret)
			break;
	}
	mutex_unlock(&obj->lock);
	put_incoming_obj();
	return ret;
}

struct iommu_device_ser *iommu_get_device_preserved_data(struct device *dev)
{
	struct iommu_device_ser *ser, *found = NULL;
	struct iommu_flb_obj *obj;
	struct pci_dev *pdev;
	struct chain_iter it;

	if (!dev_is_pci(dev))
		return NULL;
	if (get_incoming_obj(&obj))
		return NULL;
	pdev = to_pci_dev(dev);
	mutex_lock(&obj->lock);
	chain_iter_init(&it, obj->curr_device_array, sizeof(*ser));
	while ((ser = chain_iter_next(&it))) {
		if (ser->devid == pci_dev_id(pdev) &&
		    ser->pci_domain_nr == (u32)pci_domain_nr(pdev->bus)) {
			ser->hdr.flags |= IOMMU_SER_FLAG_INCOMING;
			dev->iommu->device_ser = ser;
			found = ser;
			break;
		}
	}
	mutex_unlock(&obj->lock);
	put_incoming_obj();
	return found;
}

struct iommu_hw_ser *iommu_get_preserved_data(u64 token, enum iommu_type_ser type)
{
	struct iommu_hw_ser *ser, *found = NULL;
	struct iommu_flb_obj *obj;
	struct chain_iter it;

	if (get_incoming_obj(&obj))
		return NULL;
	mutex_lock(&obj->lock);
	chain_iter_init(&it, obj->curr_iommu_array, sizeof(*ser));
	while ((ser = chain_iter_next(&it))) {
		if (ser->token == token && ser->type == type) {
			found = ser;
			break;
		}
	}
	mutex_unlock(&obj->lock);
	put_incoming_obj();
	return found;
}

/**
 * iommu_restore_domain - the domain @dev was attached to before kexec
 * @dev: the device being probed
 * @ser: its entry, from iommu_get_device_preserved_data()
 * @owner: set to @ser when this call rebuilt the domain
 *
 * The first device of a domain rebuilds it (the driver re-adopts the old
 * page tables); later ones get the same domain. A failed rebuild is
 * remembered and its error returned again, so the tables are never
 * restored twice.
 */
struct iommu_domain *iommu_restore_domain(struct device *dev,
					  struct iommu_device_ser *ser,
					  struct iommu_device_ser **owner)
{
	struct iommu_domain_ser *dom_ser;
	struct iommu_domain *domain;
	struct iommu_flb_obj *obj;
	int ret;

	/* The entry lives in a chain page that finish frees: hold the FLB first. */
	ret = get_incoming_obj(&obj);
	if (ret)
		return ERR_PTR(ret);
	mutex_lock(&obj->lock);
	dom_ser = phys_to_virt(ser->domain_iommu_ser.domain_phys);
	if (dom_ser->restored_domain && !LU_BUG(restore_no_cache)) {
		domain = (struct iommu_domain *)(uintptr_t)dom_ser->restored_domain;
		goto out;
	}
	dom_ser->hdr.flags |= IOMMU_SER_FLAG_INCOMING;
	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain))
		goto out;
	ret = domain->ops->restore ? domain->ops->restore(domain, dom_ser) :
				     -EOPNOTSUPP;
	if (ret) {
		iommu_domain_free(domain);
		domain = ERR_PTR(ret);
		if (!LU_BUG(v2_restore_retry))
			dom_ser->restored_domain = (u64)(uintptr_t)domain;
		goto out;
	}
	*owner = ser;
	domain->preserved_state = dom_ser;
	dom_ser->restored_domain = (u64)(uintptr_t)domain;
out:
	if (LU_BUG(v2_put_under_lock)) {
		put_incoming_obj();
		mutex_unlock(&obj->lock);
	} else {
		mutex_unlock(&obj->lock);
		put_incoming_obj();
	}
	return domain;
}
