// SPDX-License-Identifier: GPL-2.0
/*
 * The IOMMU FLB's four callbacks: create the FLB object and the head page
 * of each chain (preserve), release every chain page (unpreserve), take
 * every page back in the next kernel (retrieve) and free it all (finish).
 */
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/iommu-liveupdate.h>
#include <linux/kexec_handover.h>
#include <linux/slab.h>

#include "liveupdate-internal.h"

static bool kho_alloc_failed(const void *p)
{
	return LU_BUG(alloc_null_test) ? !p : IS_ERR(p);
}

static int iommu_flb_preserve(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj;
	struct iommu_flb_ser *ser;
	void *dom, *dev, *hw;
	int ret;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	mutex_init(&obj->lock);

	ser = kho_alloc_preserve(sizeof(*ser));
	if (kho_alloc_failed(ser)) {
		ret = PTR_ERR(ser);
		goto err_free_obj;
	}
	dom = kho_alloc_preserve(PAGE_SIZE);
	if (kho_alloc_failed(dom)) {
		ret = PTR_ERR(dom);
		goto err_free_ser;
	}
	dev = kho_alloc_preserve(PAGE_SIZE);
	if (kho_alloc_failed(dev)) {
		ret = PTR_ERR(dev);
		goto err_free_dom;
	}
	hw = kho_alloc_preserve(PAGE_SIZE);
	if (kho_alloc_failed(hw)) {
		ret = PTR_ERR(hw);
		goto err_free_dev;
	}

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

static void unpreserve_chain(u64 phys)
{
	while (phys) {
		struct iommu_array_hdr_ser *page = phys_to_virt(phys);

		if (LU_BUG(unpreserve_free_before_next)) {
			kho_unpreserve_free(page);
			phys = page->next_array_phys;
		} else {
			phys = page->next_array_phys;
			kho_unpreserve_free(page);
		}
		if (LU_BUG(unpreserve_heads_only))
			break;
	}
}

static void iommu_flb_unpreserve(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj = argp->obj;
	struct iommu_flb_ser *ser = obj->ser;

	unpreserve_chain(ser->iommu_domain_array_phys);
	unpreserve_chain(ser->device_array_phys);
	unpreserve_chain(ser->iommu_array_phys);
	if (!LU_BUG(unpreserve_forget_ser))
		kho_unpreserve_free(ser);
	mutex_destroy(&obj->lock);
	kfree(obj);
}

/* Take back every page of a chain; a missing page is fatal. */
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
		phys = LU_BUG(retrieve_heads_only) ? 0 : page->next_array_phys;
	}
	return phys_to_virt(head);
}

static int iommu_flb_retrieve(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj;
	struct folio *folio;
	struct iommu_flb_ser *ser;

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

static void put_chain(u64 phys)
{
	bool first = true;

	while (phys) {
		struct iommu_array_hdr_ser *page = phys_to_virt(phys);
		struct folio *folio = virt_to_folio(page);

		phys = page->next_array_phys;
		if (first && LU_BUG(finish_double_put))
			folio_put(folio);
		folio_put(folio);
		first = false;
	}
}

static void iommu_flb_finish(struct liveupdate_flb_op_args *argp)
{
	struct iommu_flb_obj *obj = argp->obj;
	struct iommu_flb_ser *ser = obj->ser;

	put_chain(ser->iommu_domain_array_phys);
	put_chain(ser->device_array_phys);
	put_chain(ser->iommu_array_phys);
	if (!LU_BUG(finish_forget_ser))
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

struct liveupdate_flb iommu_flb = {
	.ops = &iommu_flb_ops,
	.compatible = IOMMU_LUO_FLB_COMPATIBLE,
};

int iommu_liveupdate_register_flb(struct liveupdate_file_handler *handler)
{
	return liveupdate_register_flb(handler, &iommu_flb);
}
