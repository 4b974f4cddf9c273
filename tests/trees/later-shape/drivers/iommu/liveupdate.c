// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture for lu-check's tree mode: lu-check's own port of the IOMMU
 * live-update code, put together in one file at the path the kernel uses
 * and written against the interface and record layout of the revisions
 * after v2 of the series (renamed domain entry points, a flags word in the
 * record header, a versioned FLB, domain ops of the generic page table,
 * device lookup and domain restore left to the IOMMU core). It stands in
 * for a kernel tree in CI and has the fixed behaviour throughout.
 *
 * Domains, devices and IOMMU hardware units are preserved in three chains
 * of KHO-preserved pages owned by the IOMMU FLB object. A record slot is
 * never reused: a failed or undone preservation marks its slot deleted.
 * In the next kernel the chains are walked for the IOMMU core, which finds
 * the records of its devices and units there.
 */
#include <linux/bug.h>
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/generic_pt/iommu.h>
#include <linux/io.h>
#include <linux/iommu-liveupdate.h>
#include <linux/kernel.h>
#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

/*
 * Number of records of @type that fit in one chain page after its header;
 * the space left over at the end of the page is unused.
 */
#define iommu_max_objs_per_page(type) \
	((PAGE_SIZE - sizeof(struct iommu_array_hdr_ser)) / sizeof(type))

/**
 * struct iommu_flb_obj - the kernel's handle on the IOMMU FLB data
 * @lock: serialises every change to the chains, to the records in them and
 *	to the pointers that lead from kernel objects to their records
 * @ser: the FLB data page
 * @curr_iommu_array: IOMMU unit chain; the last page when preserving, the
 *	first page in the next kernel
 * @curr_domain_array: domain chain, in the same manner
 * @curr_device_array: device chain, in the same manner
 */
struct iommu_flb_obj {
	struct mutex lock;
	struct iommu_flb_ser *ser;
	struct iommu_hw_array_ser *curr_iommu_array;
	struct iommu_domain_array_ser *curr_domain_array;
	struct iommu_device_array_ser *curr_device_array;
};

/*
 * FLB callbacks. LUO calls preserve when the first file of the iommufd
 * handler is preserved and unpreserve when the last one is given up; in the
 * next kernel it calls retrieve on first use and finish when the last
 * dependent file has finished.
 */

static int iommu_flb_preserve(struct liveupdate_flb_op_args *argp)
{
	struct iommu_domain_array_ser *dom;
	struct iommu_device_array_ser *dev;
	struct iommu_hw_array_ser *hw;
	struct iommu_flb_obj *obj;
	struct iommu_flb_ser *ser;
	int ret;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	mutex_init(&obj->lock);

	ser = kho_alloc_preserve(sizeof(*ser));
	if (IS_ERR(ser)) {
		ret = PTR_ERR(ser);
		goto err_free_obj;
	}
	dom = kho_alloc_preserve(PAGE_SIZE);
	if (IS_ERR(dom)) {
		ret = PTR_ERR(dom);
		goto err_free_ser;
	}
	dev = kho_alloc_preserve(PAGE_SIZE);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto err_free_dom;
	}
	hw = kho_alloc_preserve(PAGE_SIZE);
	if (IS_ERR(hw)) {
		ret = PTR_ERR(hw);
		goto err_free_dev;
	}

	ser->version = IOMMU_LUO_FLB_VERSION;
	ser->iommu_domain_array_phys = virt_to_phys(dom);
	ser->device_array_phys = virt_to_phys(dev);
	ser->iommu_array_phys = virt_to_phys(hw);
	obj->ser = ser;
	obj->curr_domain_array = dom;
	obj->curr_device_array = dev;
	obj->curr_iommu_array = hw;
	argp->obj = obj;
	argp->data = virt_to_phys(ser);
	return 0;

err_free_dev:
	kho_unpreserve_free(dev);
err_free_dom:
	kho_unpreserve_free(dom);
err_free_ser:
	kho_unpreserve_free(ser);
err_free_obj:
	mutex_destroy(&obj->lock);
	kfree(obj);
	return ret;
}

/* Release every page of the chain starting at @phys. */
static void unpreserve_chain(u64 phys)
{
	while (phys) {
		struct iommu_array_hdr_ser *page = phys_to_virt(phys);

		phys = page->next_array_phys;
		kho_unpreserve_free(page);
	}
}

static void iommu_flb_unpreserve(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj = argp->obj;
	struct iommu_flb_ser *ser = obj->ser;

	unpreserve_chain(ser->iommu_domain_array_phys);
	unpreserve_chain(ser->device_array_phys);
	unpreserve_chain(ser->iommu_array_phys);
	kho_unpreserve_free(ser);
	mutex_destroy(&obj->lock);
	kfree(obj);
}

/*
 * Take back every page of the chain starting at @head and return its first
 * page. The records of the previous kernel cannot be trusted with a page
 * missing, so that is fatal.
 */
static void *restore_chain(u64 head)
{
	u64 phys = head;

	while (phys) {
		struct folio *folio = kho_restore_folio(phys);
		struct iommu_array_hdr_ser *page;

		if (!folio)
			panic("iommu: chain page %#llx could not be restored",
			      (unsigned long long)phys);
		page = folio_address(folio);
		phys = page->next_array_phys;
	}
	return phys_to_virt(head);
}

static int iommu_flb_retrieve(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj;
	struct iommu_flb_ser *ser;
	struct folio *folio;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	mutex_init(&obj->lock);

	folio = kho_restore_folio(argp->data);
	if (!folio)
		panic("iommu: FLB data %#llx could not be restored",
		      (unsigned long long)argp->data);
	ser = folio_address(folio);

	obj->ser = ser;
	obj->curr_domain_array = restore_chain(ser->iommu_domain_array_phys);
	obj->curr_device_array = restore_chain(ser->device_array_phys);
	obj->curr_iommu_array = restore_chain(ser->iommu_array_phys);
	argp->obj = obj;
	return 0;
}

/* Free every page of a restored chain. */
static void put_chain(u64 phys)
{
	while (phys) {
		struct iommu_array_hdr_ser *page = phys_to_virt(phys);

		phys = page->next_array_phys;
		folio_put(virt_to_folio(page));
	}
}

static void iommu_flb_finish(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj = argp->obj;
	struct iommu_flb_ser *ser = obj->ser;

	put_chain(ser->iommu_domain_array_phys);
	put_chain(ser->device_array_phys);
	put_chain(ser->iommu_array_phys);
	folio_put(virt_to_folio(ser));
	mutex_destroy(&obj->lock);
	kfree(obj);
}

static const struct liveupdate_flb_ops iommu_flb_ops = {
	.preserve = iommu_flb_preserve,
	.unpreserve = iommu_flb_unpreserve,
	.retrieve = iommu_flb_retrieve,
	.finish = iommu_flb_finish,
};

static struct liveupdate_flb iommu_flb = {
	.ops = &iommu_flb_ops,
	.compatible = IOMMU_LUO_FLB_COMPATIBLE,
};

/**
 * iommu_liveupdate_register_flb - make @handler's files depend on the IOMMU FLB
 * @handler: the iommufd file handler
 *
 * Return: 0 or the error of liveupdate_register_flb().
 */
int iommu_liveupdate_register_flb(struct liveupdate_file_handler *handler)
{
	return liveupdate_register_flb(handler, &iommu_flb);
}
EXPORT_SYMBOL_GPL(iommu_liveupdate_register_flb);

/**
 * iommu_liveupdate_unregister_flb - undo iommu_liveupdate_register_flb()
 * @handler: the handler that was passed to the registration
 */
void iommu_liveupdate_unregister_flb(struct liveupdate_file_handler *handler)
{
	liveupdate_unregister_flb(handler, &iommu_flb);
}
EXPORT_SYMBOL_GPL(iommu_liveupdate_unregister_flb);

/*
 * Outgoing kernel.
 */

/*
 * Hand out the next slot of the chain whose last page is @tail. When that
 * page is full a new page is preserved and linked behind it. Returns the
 * page holding the slot and stores the slot's index in @idx; on failure
 * nothing has changed.
 */
static struct iommu_array_hdr_ser *
alloc_object_ser(struct iommu_flb_obj *obj, struct iommu_array_hdr_ser *tail,
		 u64 max_objs, u64 *idx)
{
	struct iommu_array_hdr_ser *next;

	lockdep_assert_held(&obj->lock);

	if (!kho_is_enabled())
		return ERR_PTR(-EOPNOTSUPP);

	if (tail->nr_objects >= max_objs) {
		next = kho_alloc_preserve(PAGE_SIZE);
		if (IS_ERR(next))
			return ERR_PTR(-ENOMEM);
		tail->next_array_phys = virt_to_phys(next);
		tail = next;
	}
	*idx = tail->nr_objects++;
	return tail;
}

static struct iommu_domain_ser *
alloc_iommu_domain_ser(struct iommu_flb_obj *obj)
{
	const u64 max_objs = iommu_max_objs_per_page(struct iommu_domain_ser);
	struct iommu_domain_array_ser *arr;
	struct iommu_array_hdr_ser *page;
	struct iommu_domain_ser *ser;
	u64 idx;

	page = alloc_object_ser(obj, &obj->curr_domain_array->hdr, max_objs,
				&idx);
	if (IS_ERR(page))
		return ERR_CAST(page);

	arr = container_of(page, struct iommu_domain_array_ser, hdr);
	obj->curr_domain_array = arr;
	ser = &arr->objects[idx];
	ser->hdr.ref_count = 1;
	return ser;
}

static struct iommu_device_ser *
alloc_iommu_device_ser(struct iommu_flb_obj *obj)
{
	const u64 max_objs = iommu_max_objs_per_page(struct iommu_device_ser);
	struct iommu_device_array_ser *arr;
	struct iommu_array_hdr_ser *page;
	struct iommu_device_ser *ser;
	u64 idx;

	page = alloc_object_ser(obj, &obj->curr_device_array->hdr, max_objs,
				&idx);
	if (IS_ERR(page))
		return ERR_CAST(page);

	arr = container_of(page, struct iommu_device_array_ser, hdr);
	obj->curr_device_array = arr;
	ser = &arr->objects[idx];
	ser->hdr.ref_count = 1;
	return ser;
}

static struct iommu_hw_ser *alloc_iommu_hw_ser(struct iommu_flb_obj *obj)
{
	const u64 max_objs = iommu_max_objs_per_page(struct iommu_hw_ser);
	struct iommu_hw_array_ser *arr;
	struct iommu_array_hdr_ser *page;
	struct iommu_hw_ser *ser;
	u64 idx;

	page = alloc_object_ser(obj, &obj->curr_iommu_array->hdr, max_objs,
				&idx);
	if (IS_ERR(page))
		return ERR_CAST(page);

	arr = container_of(page, struct iommu_hw_array_ser, hdr);
	obj->curr_iommu_array = arr;
	ser = &arr->objects[idx];
	ser->hdr.ref_count = 1;
	return ser;
}

/*
 * The outgoing FLB object, with a reference the caller drops with
 * liveupdate_flb_put_outgoing(). No object means no iommufd file is being
 * preserved, which callers must not get to.
 */
static int get_outgoing_obj(struct iommu_flb_obj **objp)
{
	int ret;

	ret = liveupdate_flb_get_outgoing(&iommu_flb, (void **)objp);
	if (ret)
		return ret;
	if (!*objp)
		return -EINVAL;
	return 0;
}

/**
 * iommu_preserve_domain - preserve a domain for the next kernel
 * @domain: a paging domain whose page table implements the preserve op
 * @ser: where to store the domain's record, for the caller's own
 *	preserved data
 *
 * Gives @domain a record in the domain chain and lets its generic page
 * table preserve the table pages into it.
 *
 * Return: 0; -EOPNOTSUPP if the page table cannot preserve domains or KHO
 * is off; -EBUSY if
 * @domain is already preserved; the error of getting the FLB object, of
 * allocating the record or of the driver.
 */
int iommu_preserve_domain(struct iommu_domain *domain,
			  struct iommu_domain_ser **ser)
{
	struct pt_iommu *pt = iommupt_from_domain(domain);
	struct iommu_domain_ser *slot;
	struct iommu_flb_obj *obj;
	int ret;

	if (!pt || !pt->ops->preserve || !pt->ops->unpreserve)
		return -EOPNOTSUPP;
	if (!kho_is_enabled())
		return -EOPNOTSUPP;

	ret = get_outgoing_obj(&obj);
	if (ret)
		return ret;

	mutex_lock(&obj->lock);
	if (domain->preserved_state) {
		ret = -EBUSY;
		goto out_unlock;
	}

	slot = alloc_iommu_domain_ser(obj);
	if (IS_ERR(slot)) {
		ret = PTR_ERR(slot);
		goto out_unlock;
	}

	ret = pt->ops->preserve(pt, slot);
	if (ret) {
		slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
		goto out_unlock;
	}

	domain->preserved_state = slot;
	*ser = slot;
out_unlock:
	mutex_unlock(&obj->lock);
	liveupdate_flb_put_outgoing(&iommu_flb);
	return ret;
}
EXPORT_SYMBOL_GPL(iommu_preserve_domain);

/**
 * iommu_unpreserve_domain - undo iommu_preserve_domain()
 * @domain: the domain; one that is not preserved is left alone, without
 *	asking LUO for the FLB object
 *
 * The page table gives up the preserved table pages and the domain's
 * record is marked deleted. Callers must not pass a domain whose page
 * table cannot preserve: that WARNs.
 */
void iommu_unpreserve_domain(struct iommu_domain *domain)
{
	struct pt_iommu *pt = iommupt_from_domain(domain);
	struct iommu_domain_ser *slot;
	struct iommu_flb_obj *obj;

	if (WARN_ON(!pt || !pt->ops->unpreserve))
		return;
	if (!domain->preserved_state)
		return;

	if (WARN_ON(get_outgoing_obj(&obj)))
		return;

	mutex_lock(&obj->lock);
	slot = domain->preserved_state;
	if (slot) {
		pt->ops->unpreserve(pt, slot);
		slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
		domain->preserved_state = NULL;
	}
	mutex_unlock(&obj->lock);
	liveupdate_flb_put_outgoing(&iommu_flb);
}
EXPORT_SYMBOL_GPL(iommu_unpreserve_domain);

/*
 * Take a reference on the record of hardware unit @iommu, creating the
 * record and letting the driver preserve the unit on first use.
 */
static int iommu_preserve_locked(struct iommu_device *iommu,
				 struct iommu_flb_obj *obj)
{
	struct iommu_hw_ser *slot;
	int ret;

	lockdep_assert_held(&obj->lock);

	if (!iommu->ops->preserve)
		return -EOPNOTSUPP;

	slot = iommu->outgoing_preserved_state;
	if (slot) {
		slot->hdr.ref_count++;
		return 0;
	}

	slot = alloc_iommu_hw_ser(obj);
	if (IS_ERR(slot))
		return PTR_ERR(slot);

	ret = iommu->ops->preserve(iommu, slot);
	if (ret) {
		slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
		return ret;
	}

	iommu->outgoing_preserved_state = slot;
	return 0;
}

/*
 * Drop a reference on the record of hardware unit @iommu; the last one
 * lets the driver give the unit up and deletes the record.
 */
static void iommu_unpreserve_locked(struct iommu_device *iommu,
				    struct iommu_flb_obj *obj)
{
	struct iommu_hw_ser *slot;

	lockdep_assert_held(&obj->lock);

	slot = iommu->outgoing_preserved_state;
	if (WARN_ON(!slot || !iommu->ops->unpreserve))
		return;

	if (--slot->hdr.ref_count)
		return;

	iommu->outgoing_preserved_state = NULL;
	iommu->ops->unpreserve(iommu, slot);
	slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
}

/**
 * iommu_preserve_device - preserve a device's attachment to its domain
 * @domain: the domain @dev is attached to, already preserved
 * @dev: a PCI device whose DMA ownership is claimed
 * @preserved_state: where to store the physical address of the device's
 *	record, for the caller's own preserved data
 *
 * Gives @dev a record in the device chain that points at the records of
 * @domain and of the hardware unit @dev sits behind (preserving the unit on
 * its first device), then lets the driver preserve what the device needs.
 *
 * Return: 0; -EOPNOTSUPP if KHO is off, @dev is not PCI or its driver
 * cannot preserve devices; -EINVAL if DMA ownership of @dev is not
 * claimed, or (checked under the FLB lock, after getting the FLB object)
 * if @domain is not preserved or @dev already is; the error of getting the
 * FLB object, of allocating a record or of the driver.
 */
int iommu_preserve_device(struct iommu_domain *domain, struct device *dev,
			  u64 *preserved_state)
{
	struct iommu_device_ser *slot, *old;
	const struct iommu_ops *ops;
	struct iommu_device *iommu;
	struct iommu_flb_obj *obj;
	struct pci_dev *pdev;
	int ret;

	if (!kho_is_enabled())
		return -EOPNOTSUPP;
	if (!dev_is_pci(dev))
		return -EOPNOTSUPP;
	if (!iommu_group_dma_owner_claimed(dev->iommu_group))
		return -EINVAL;

	iommu = dev->iommu->iommu_dev;
	ops = iommu->ops;
	if (!ops->preserve_device || !ops->preserve)
		return -EOPNOTSUPP;

	ret = get_outgoing_obj(&obj);
	if (ret)
		return ret;

	pdev = to_pci_dev(dev);

	mutex_lock(&obj->lock);
	old = dev_iommu_preserved_state(dev);
	if (!domain->preserved_state || old) {
		ret = -EINVAL;
		goto out_unlock;
	}

	slot = alloc_iommu_device_ser(obj);
	if (IS_ERR(slot)) {
		ret = PTR_ERR(slot);
		goto out_unlock;
	}

	ret = iommu_preserve_locked(iommu, obj);
	if (ret) {
		slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
		goto out_unlock;
	}

	slot->devid = pci_dev_id(pdev);
	slot->pci_domain_nr = pci_domain_nr(pdev->bus);
	slot->domain_iommu_ser.domain_phys =
		virt_to_phys(domain->preserved_state);
	slot->domain_iommu_ser.iommu_phys =
		virt_to_phys(iommu->outgoing_preserved_state);

	ret = ops->preserve_device(dev, slot);
	if (ret) {
		slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
		iommu_unpreserve_locked(iommu, obj);
		goto out_unlock;
	}

	dev->iommu->device_ser = slot;
	*preserved_state = virt_to_phys(slot);
out_unlock:
	mutex_unlock(&obj->lock);
	liveupdate_flb_put_outgoing(&iommu_flb);
	return ret;
}
EXPORT_SYMBOL_GPL(iommu_preserve_device);

/**
 * iommu_unpreserve_device - undo iommu_preserve_device()
 * @domain: the domain @dev is attached to
 * @dev: the device; one that is not preserved is left alone, without
 *	asking LUO for the FLB object
 *
 * The driver gives up what it preserved for @dev, the device's record is
 * marked deleted and its reference on the hardware unit's record dropped.
 */
void iommu_unpreserve_device(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_device_ser *slot;
	const struct iommu_ops *ops;
	struct iommu_flb_obj *obj;

	if (!dev_is_pci(dev) ||
	    !iommu_group_dma_owner_claimed(dev->iommu_group))
		return;

	ops = dev->iommu->iommu_dev->ops;
	if (!ops->unpreserve_device || !ops->unpreserve)
		return;
	if (!dev_iommu_preserved_state(dev))
		return;

	if (WARN_ON(get_outgoing_obj(&obj)))
		return;

	mutex_lock(&obj->lock);
	slot = dev_iommu_preserved_state(dev);
	if (WARN_ON(!slot))
		goto out_unlock;

	ops->unpreserve_device(dev, slot);
	slot->hdr.flags |= IOMMU_SER_FLAG_DELETED;
	dev->iommu->device_ser = NULL;
	iommu_unpreserve_locked(dev->iommu->iommu_dev, obj);
out_unlock:
	mutex_unlock(&obj->lock);
	liveupdate_flb_put_outgoing(&iommu_flb);
}
EXPORT_SYMBOL_GPL(iommu_unpreserve_device);

/*
 * Next kernel.
 */

/* A position in a chain: the page, the index in it and the record size. */
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

/* The next record of the chain that is not deleted, or NULL at its end. */
static void *chain_iter_next(struct chain_iter *it)
{
	while (it->page) {
		while (it->idx < it->page->nr_objects) {
			struct iommu_hdr_ser *hdr;

			hdr = (void *)((char *)(it->page + 1) +
				       it->idx * it->size);
			it->idx++;
			if (hdr->flags & IOMMU_SER_FLAG_DELETED)
				continue;
			return hdr;
		}
		it->page = it->page->next_array_phys ?
			   phys_to_virt(it->page->next_array_phys) : NULL;
		it->idx = 0;
	}
	return NULL;
}

/*
 * The incoming FLB object, with a reference the caller drops with
 * liveupdate_flb_put_incoming(). Errors (no incoming data, -ENODATA; no
 * IOMMU FLB in it, -ENOENT) go back to the caller with no reference taken.
 * Data of another layout cannot be read at all: that is fatal, as the
 * devices still translate through the tables it describes.
 */
static int get_incoming_obj(struct iommu_flb_obj **objp)
{
	struct iommu_flb_obj *obj;
	int ret;

	ret = liveupdate_flb_get_incoming(&iommu_flb, (void **)&obj);
	if (ret)
		return ret;
	if (obj->ser->version != IOMMU_LUO_FLB_VERSION)
		panic("iommu: FLB data version %llu, expected %u",
		      (unsigned long long)obj->ser->version,
		      IOMMU_LUO_FLB_VERSION);
	*objp = obj;
	return 0;
}

static int for_each_device_ser(struct iommu_flb_obj *obj,
			       iommu_preserved_device_iter_fn fn, void *arg)
{
	struct iommu_device_ser *ser;
	struct chain_iter it;
	int ret;

	guard(mutex)(&obj->lock);

	chain_iter_init(&it, obj->curr_device_array, sizeof(*ser));
	while ((ser = chain_iter_next(&it))) {
		ret = fn(ser, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * iommu_for_each_preserved_device - visit the devices the previous kernel
 *	preserved
 * @fn: called with each device record that is not deleted; a non-zero
 *	return stops the walk
 * @arg: passed to @fn
 *
 * Return: 0 after the whole walk, the first non-zero value of @fn, or
 * -ENOENT if there is no incoming IOMMU FLB data.
 */
int iommu_for_each_preserved_device(iommu_preserved_device_iter_fn fn,
				    void *arg)
{
	struct iommu_flb_obj *obj;
	int ret;

	if (get_incoming_obj(&obj))
		return -ENOENT;

	ret = for_each_device_ser(obj, fn, arg);
	liveupdate_flb_put_incoming(&iommu_flb);
	return ret;
}
EXPORT_SYMBOL_GPL(iommu_for_each_preserved_device);

static struct iommu_hw_ser *find_hw_ser(struct iommu_flb_obj *obj, u64 token,
					enum iommu_type_ser type)
{
	struct iommu_hw_ser *ser;
	struct chain_iter it;

	guard(mutex)(&obj->lock);

	chain_iter_init(&it, obj->curr_iommu_array, sizeof(*ser));
	while ((ser = chain_iter_next(&it))) {
		if (ser->token == token && ser->type == type)
			return ser;
	}
	return NULL;
}

/**
 * iommu_get_preserved_data - the record the previous kernel left for a
 *	hardware unit
 * @token: the driver's key for the unit
 * @type: the driver that wrote the record
 *
 * Return: the first record matching @token and @type that is not deleted,
 * or NULL if there is none or no incoming IOMMU FLB data.
 */
struct iommu_hw_ser *iommu_get_preserved_data(u64 token,
					      enum iommu_type_ser type)
{
	struct iommu_flb_obj *obj;
	struct iommu_hw_ser *ser;

	if (get_incoming_obj(&obj))
		return NULL;

	ser = find_hw_ser(obj, token, type);
	liveupdate_flb_put_incoming(&iommu_flb);
	return ser;
}
EXPORT_SYMBOL_GPL(iommu_get_preserved_data);
