// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU domain preservation across kexec: outgoing side. Domains, devices
 * and IOMMU units get slots in three chains of KHO-preserved pages owned by
 * the IOMMU FLB object; a slot is never reused, a failed or undone
 * preservation marks it deleted. Seeded bugs are switched with LU_BUG().
 */
#include <linux/bug.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/iommu-liveupdate.h>
#include <linux/kexec_handover.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "liveupdate-internal.h"

#define chain_max_objs(type) \
	(LU_BUG(max_objs_no_hdr) ? PAGE_SIZE / sizeof(type) : \
				   iommu_max_objs_per_page(type))

u64 iommu_lu_max_domains(void)
{
	return chain_max_objs(struct iommu_domain_ser);
}

u64 iommu_lu_max_devices(void)
{
	return chain_max_objs(struct iommu_device_ser);
}

u64 iommu_lu_max_iommus(void)
{
	return chain_max_objs(struct iommu_hw_ser);
}

/* kho_alloc_preserve() reports failure with ERR_PTR, never NULL. */
static bool kho_alloc_failed(const void *p)
{
	return LU_BUG(alloc_null_test) ? !p : IS_ERR(p);
}

static u64 chain_link(void *page)
{
	return LU_BUG(virt_not_phys) ? (u64)(uintptr_t)page : virt_to_phys(page);
}

/*
 * Hand out the next slot of the chain whose tail page is @tail. When the
 * tail is full a new page is preserved and linked behind it. Returns the
 * page that holds the slot and stores the slot's index in @idx; on failure
 * nothing has changed.
 */
static struct iommu_array_hdr_ser *alloc_object_ser(struct iommu_flb_obj *obj,
						    struct iommu_array_hdr_ser *tail,
						    u64 max_objs, u64 *idx)
{
	struct iommu_array_hdr_ser *next;
	bool full;

	lockdep_assert_held(&obj->lock);
	full = LU_BUG(cap_gt) ? tail->nr_objects > max_objs :
				tail->nr_objects >= max_objs;
	if (full) {
		next = kho_alloc_preserve(PAGE_SIZE);
		if (LU_BUG(link_before_check))
			tail->next_array_phys = chain_link(next);
		if (kho_alloc_failed(next))
			return ERR_PTR(-ENOMEM);
		if (!LU_BUG(next_not_linked))
			tail->next_array_phys = chain_link(next);
		tail = next;
	}
	if (LU_BUG(nr_preinc))
		*idx = ++tail->nr_objects;
	else if (LU_BUG(nr_no_inc))
		*idx = tail->nr_objects;
	else
		*idx = tail->nr_objects++;
	return tail;
}

/* One allocator per chain; the array page starts with its header. */
/* @tail: the tail page as the caller saw it; NULL: the FLB object's. */
#define DEFINE_ALLOC_SER(_name, _array, _obj_t, _curr)                        \
	static _obj_t *_name(struct iommu_flb_obj *obj, struct _array *tail)  \
	{                                                                     \
		struct iommu_array_hdr_ser *page;                             \
		struct _array *arr;                                           \
		_obj_t *ser;                                                  \
		u64 idx;                                                      \
									      \
		page = alloc_object_ser(obj, &(tail ? tail : obj->_curr)->hdr,\
					chain_max_objs(_obj_t), &idx);        \
		if (IS_ERR(page))                                             \
			return ERR_CAST(page);                                \
		arr = container_of(page, struct _array, hdr);                 \
		if (!LU_BUG(tail_not_advanced))                               \
			obj->_curr = arr;                                     \
		ser = &arr->objects[idx];                                     \
		if (!LU_BUG(no_ref_init))                                     \
			ser->hdr.ref_count = 1;                               \
		return ser;                                                   \
	}

DEFINE_ALLOC_SER(alloc_iommu_domain_ser, iommu_domain_array_ser,
		 struct iommu_domain_ser, curr_domain_array)
DEFINE_ALLOC_SER(alloc_iommu_device_ser, iommu_device_array_ser,
		 struct iommu_device_ser, curr_device_array)
DEFINE_ALLOC_SER(alloc_iommu_hw_ser, iommu_hw_array_ser,
		 struct iommu_hw_ser, curr_iommu_array)

static void mark_deleted(struct iommu_hdr_ser *hdr)
{
	hdr->flags |= IOMMU_SER_FLAG_DELETED;
}

/* The outgoing FLB object, or an error; a NULL object is refused. */
static int get_outgoing_obj(struct iommu_flb_obj **objp)
{
	int ret = liveupdate_flb_get_outgoing(&iommu_flb, (void **)objp);

	if (ret)
		return ret;
	if (!*objp && !LU_BUG(v2_null_flb_obj))
		return -EINVAL;
	return 0;
}

static void put_outgoing_obj(void)
{
	if (!LU_BUG(luo_no_put))
		liveupdate_flb_put_outgoing(&iommu_flb);
}

/**
 * iommu_domain_preserve - give @domain a slot and let its driver save it
 * @domain: a paging domain whose driver implements the preserve op
 * @ser: the slot, for the caller's own preserved data
 *
 * Returns 0, -EOPNOTSUPP, -EBUSY (already preserved), an FLB error, or the
 * slot allocation's or the driver's error.
 */
int iommu_domain_preserve(struct iommu_domain *domain,
			  struct iommu_domain_ser **ser)
{
	struct iommu_domain_array_ser *tail = NULL;
	struct iommu_domain_ser *slot;
	struct iommu_flb_obj *obj;
	int ret;

	if (!domain->ops->preserve)
		return -EOPNOTSUPP;
	ret = get_outgoing_obj(&obj);
	if (ret)
		return ret;
	if (LU_BUG(tail_read_before_lock))
		tail = obj->curr_domain_array;
	if (!LU_BUG(no_lock))
		mutex_lock(&obj->lock);
	if (domain->preserved_state && !LU_BUG(v2_double_preserve)) {
		ret = -EBUSY;
		goto out;
	}
	slot = alloc_iommu_domain_ser(obj, tail);
	if (IS_ERR(slot)) {
		ret = PTR_ERR(slot);
		goto out;
	}
	ret = domain->ops->preserve(domain, slot);
	if (ret) {
		if (!LU_BUG(no_mark_deleted))
			mark_deleted(&slot->hdr);
		goto out;
	}
	domain->preserved_state = slot;
	*ser = slot;
out:
	if (!LU_BUG(no_lock))
		mutex_unlock(&obj->lock);
	put_outgoing_obj();
	return ret;
}

/**
 * iommu_domain_unpreserve - undo iommu_domain_preserve()
 * @domain: the domain; a domain that is not preserved is left alone
 */
void iommu_domain_unpreserve(struct iommu_domain *domain)
{
	struct iommu_domain_ser *slot;
	struct iommu_flb_obj *obj;

	if (!domain->ops->unpreserve)
		return;
	if (WARN_ON(get_outgoing_obj(&obj)))
		return;
	mutex_lock(&obj->lock);
	slot = domain->preserved_state;
	if (slot || LU_BUG(v1_unpreserve_unpreserved)) {
		domain->ops->unpreserve(domain, slot);
		mark_deleted(&slot->hdr);
		if (!LU_BUG(no_clear_backptr))
			domain->preserved_state = NULL;
	}
	mutex_unlock(&obj->lock);
	put_outgoing_obj();
}

/* Take a reference on @iommu's slot, creating it on first use. */
static int iommu_preserve_locked(struct iommu_device *iommu,
				 struct iommu_flb_obj *obj)
{
	struct iommu_hw_ser *slot = iommu->outgoing_preserved_state;
	int ret;

	lockdep_assert_held(&obj->lock);
	if (!iommu->ops->preserve)
		return -EOPNOTSUPP;
	if (slot) {
		slot->hdr.ref_count++;
		return 0;
	}
	slot = alloc_iommu_hw_ser(obj, NULL);
	if (IS_ERR(slot))
		return PTR_ERR(slot);
	ret = iommu->ops->preserve(iommu, slot);
	if (ret) {
		mark_deleted(&slot->hdr);
		if (LU_BUG(v1_hw_publish_on_failure))
			iommu->outgoing_preserved_state = slot;
		return ret;
	}
	iommu->outgoing_preserved_state = slot;
	return 0;
}

/* Drop a reference on @iommu's slot; the last one deletes it. */
static void iommu_unpreserve_locked(struct iommu_device *iommu,
				    struct iommu_flb_obj *obj)
{
	struct iommu_hw_ser *slot = iommu->outgoing_preserved_state;

	lockdep_assert_held(&obj->lock);
	if (WARN_ON(!slot || !iommu->ops->unpreserve))
		return;
	if (LU_BUG(hw_unpreserve_early))
		slot->hdr.ref_count = 1;
	if (--slot->hdr.ref_count)
		return;
	iommu->outgoing_preserved_state = NULL;
	iommu->ops->unpreserve(iommu, slot);
	mark_deleted(&slot->hdr);
}

static bool slot_is_incoming(const struct iommu_device_ser *slot)
{
	return slot->hdr.flags & IOMMU_SER_FLAG_INCOMING;
}

/**
 * iommu_preserve_device - preserve @dev's attachment to preserved @domain
 * @domain: the device's domain, already preserved
 * @dev: a PCI device whose DMA ownership is claimed
 * @preserved_state: the device slot's physical address, for the caller
 */
int iommu_preserve_device(struct iommu_domain *domain, struct device *dev,
			  u64 *preserved_state)
{
	struct iommu_device *iommu;
	struct iommu_device_ser *slot, *old;
	const struct iommu_ops *ops;
	struct iommu_flb_obj *obj;
	struct pci_dev *pdev;
	int ret;

	if (!dev_is_pci(dev))
		return -EOPNOTSUPP;
	if (!domain->preserved_state)
		return -EINVAL;
	if (!iommu_dma_owner_claimed(dev))
		return -EINVAL;
	ops = dev_iommu_ops(dev);
	if (!ops->preserve_device || !ops->preserve)
		return -EOPNOTSUPP;
	ret = get_outgoing_obj(&obj);
	if (ret)
		return ret;
	pdev = to_pci_dev(dev);
	iommu = dev->iommu->iommu_dev;

	mutex_lock(&obj->lock);
	old = dev->iommu->device_ser;
	if (old && !slot_is_incoming(old) && !LU_BUG(v2_double_device_preserve)) {
		ret = -EBUSY;
		goto out;
	}
	slot = alloc_iommu_device_ser(obj, NULL);
	if (IS_ERR(slot)) {
		ret = PTR_ERR(slot);
		goto out;
	}
	ret = iommu_preserve_locked(iommu, obj);
	if (ret) {
		mark_deleted(&slot->hdr);
		goto out;
	}
	slot->devid = pci_dev_id(pdev);
	slot->pci_domain_nr = pci_domain_nr(pdev->bus);
	slot->domain_iommu_ser.domain_phys = virt_to_phys(domain->preserved_state);
	slot->domain_iommu_ser.iommu_phys =
		virt_to_phys(iommu->outgoing_preserved_state);
	ret = ops->preserve_device(dev, slot);
	if (ret) {
		mark_deleted(&slot->hdr);
		if (!LU_BUG(hw_ref_leak))
			iommu_unpreserve_locked(iommu, obj);
		goto out;
	}
	dev->iommu->device_ser = slot;
	*preserved_state = virt_to_phys(slot);
out:
	mutex_unlock(&obj->lock);
	put_outgoing_obj();
	return ret;
}

/**
 * iommu_unpreserve_device - undo iommu_preserve_device()
 * @domain: the device's domain
 * @dev: the device
 */
void iommu_unpreserve_device(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_hw_ser *hw = NULL;
	struct iommu_device_ser *slot;
	const struct iommu_ops *ops;
	struct iommu_flb_obj *obj;
	u32 stale_ref = 0;

	if (!dev_is_pci(dev) || !iommu_dma_owner_claimed(dev))
		return;
	ops = dev_iommu_ops(dev);
	if (!ops->unpreserve_device || !ops->unpreserve)
		return;
	if (WARN_ON(get_outgoing_obj(&obj)))
		return;
	if (LU_BUG(refcount_outside_lock)) {
		hw = dev->iommu->iommu_dev->outgoing_preserved_state;
		stale_ref = hw ? hw->hdr.ref_count : 0;
	}
	mutex_lock(&obj->lock);
	slot = dev->iommu->device_ser;
	if (WARN_ON(!slot || slot_is_incoming(slot)))
		goto out;
	if (hw && hw == dev->iommu->iommu_dev->outgoing_preserved_state)
		hw->hdr.ref_count = stale_ref;
	ops->unpreserve_device(dev, slot);
	if (!LU_BUG(v2_device_unpreserve_live))
		mark_deleted(&slot->hdr);
	dev->iommu->device_ser = NULL;
	iommu_unpreserve_locked(dev->iommu->iommu_dev, obj);
out:
	mutex_unlock(&obj->lock);
	put_outgoing_obj();
}
