// SPDX-License-Identifier: GPL-2.0
/*
 * lu/series.h for a kernel tree at a revision after v2: entry points renamed
 * (iommu_preserve_domain()), domain ops reached through the generic page
 * table, and no device lookup or domain restore in the file any more. The
 * tree's drivers/iommu/liveupdate.c is compiled as it is, by including it.
 */
#include LU_TREE_LIVEUPDATE_C

#define LU_SERIES_RENAMES
#include "../series_common.h"

struct liveupdate_flb *lu_series_flb(void)
{
	return &iommu_flb;
}

/* The file computes slots per page from the record sizes of its header. */
uint64_t lu_series_max_objs(enum lu_series_chain chain)
{
	return (PAGE_SIZE - sizeof(struct iommu_array_hdr_ser)) /
	       lu_series_record_size(chain);
}

int lu_series_domain_preserve(struct iommu_domain *domain)
{
	struct iommu_domain_ser *ser;

	return iommu_preserve_domain(domain, &ser);
}

void lu_series_domain_unpreserve(struct iommu_domain *domain)
{
	iommu_unpreserve_domain(domain);
}

int lu_series_device_preserve(struct iommu_domain *domain, struct device *dev,
			      uint64_t *preserved_state)
{
	u64 phys = 0;
	int ret = iommu_preserve_device(domain, dev, &phys);

	*preserved_state = phys;
	return ret;
}

void lu_series_device_unpreserve(struct iommu_domain *domain,
				 struct device *dev)
{
	iommu_unpreserve_device(domain, dev);
}

struct lu_later_match {
	struct pci_dev *pdev;
	struct iommu_device_ser *found;
};

static int lu_later_match_device(struct iommu_device_ser *ser, void *arg)
{
	struct lu_later_match *m = arg;

	if (ser->devid != pci_dev_id(m->pdev) ||
	    ser->pci_domain_nr != (u32)pci_domain_nr(m->pdev->bus))
		return 0;
	m->found = ser;
	return 1;
}

/*
 * The iommu core's probe-time lookup: the file only offers the iterator, so
 * the core matches the device itself and marks the entry incoming.
 */
struct iommu_device_ser *lu_series_device_lookup(struct device *dev)
{
	struct lu_later_match m = { 0 };

	if (!dev_is_pci(dev))
		return NULL;
	m.pdev = to_pci_dev(dev);
	if (iommu_for_each_preserved_device(lu_later_match_device, &m) <= 0 ||
	    !m.found)
		return NULL;
	m.found->hdr.flags |= IOMMU_SER_FLAG_INCOMING;
	return m.found;
}

struct iommu_hw_ser *lu_series_unit_lookup(uint64_t token, unsigned int type)
{
	return iommu_get_preserved_data(token, (enum iommu_type_ser)type);
}

/*
 * The restore the later series moved out of the file, into the iommu core
 * and the generic page table: the first device of a preserved domain
 * rebuilds it through pt->ops->restore; later devices get the same domain.
 * A failed rebuild is remembered and its error returned again, so that the
 * tables are never restored twice. The FLB is held across the whole restore
 * (the entries live in its pages) and dropped only after the unlock.
 */
struct iommu_domain *lu_series_domain_restore(struct device *dev,
					      struct iommu_device_ser *ser)
{
	struct iommu_domain_ser *domain_ser;
	struct iommu_flb_obj *flb_obj;
	struct iommu_domain *domain;
	struct pt_iommu *pt;
	int ret;

	ret = liveupdate_flb_get_incoming(&iommu_flb, (void **)&flb_obj);
	if (ret)
		return ERR_PTR(ret);

	mutex_lock(&flb_obj->lock);
	domain_ser = phys_to_virt(ser->domain_iommu_ser.domain_phys);
	if (domain_ser->restored_domain) {
		domain = domain_ser->restored_domain;
		goto out_unlock;
	}

	domain_ser->hdr.flags |= IOMMU_SER_FLAG_INCOMING;
	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain))
		goto out_unlock;

	pt = iommupt_from_domain(domain);
	if (!pt || !pt->ops->restore)
		ret = -EOPNOTSUPP;
	else
		ret = pt->ops->restore(pt, domain_ser);
	if (ret) {
		iommu_domain_free(domain);
		domain = ERR_PTR(ret);
		domain_ser->restored_domain = domain;
		goto out_unlock;
	}

	domain->preserved_state = domain_ser;
	domain_ser->restored_domain = domain;
out_unlock:
	mutex_unlock(&flb_obj->lock);
	liveupdate_flb_put_incoming(&iommu_flb);
	return domain;
}
