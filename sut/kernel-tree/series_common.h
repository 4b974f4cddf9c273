/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of lu/series.h every adapter writes the same way: included by an
 * adapter once the file's definitions (struct iommu_flb_obj, the FLB and the
 * entry points under their upstream names) are in scope. An adapter whose
 * file renames an entry point defines LU_SERIES_RENAMES and writes those
 * wrappers itself.
 */
#ifndef LU_SERIES_COMMON_H
#define LU_SERIES_COMMON_H

#include <stddef.h>

#include <linux/err.h>
#include <linux/iommu-liveupdate.h>
#include <lu/series.h>

/* What the facade reads of the chains without going through this file. */
_Static_assert(sizeof(struct iommu_array_hdr_ser) == LU_SERIES_ARRAY_HDR,
	       "chain page header size");
_Static_assert(offsetof(struct iommu_array_hdr_ser, next_array_phys) ==
	       LU_SERIES_ARRAY_NEXT, "offset of next_array_phys");
_Static_assert(offsetof(struct iommu_array_hdr_ser, nr_objects) ==
	       LU_SERIES_ARRAY_NR, "offset of nr_objects");

uint64_t lu_series_chain_head(const void *flb_ser, enum lu_series_chain chain)
{
	const struct iommu_flb_ser *ser = flb_ser;

	switch (chain) {
	case LU_SERIES_DOMAINS:
		return ser->iommu_domain_array_phys;
	case LU_SERIES_DEVICES:
		return ser->device_array_phys;
	case LU_SERIES_IOMMUS:
		return ser->iommu_array_phys;
	}
	return 0;
}

const void *lu_series_chain_array(const void *flb_obj, enum lu_series_chain chain)
{
	const struct iommu_flb_obj *obj = flb_obj;

	if (!obj)
		return NULL;
	switch (chain) {
	case LU_SERIES_DOMAINS:
		return obj->curr_domain_array;
	case LU_SERIES_DEVICES:
		return obj->curr_device_array;
	case LU_SERIES_IOMMUS:
		return obj->curr_iommu_array;
	}
	return NULL;
}

uint64_t lu_series_record_size(enum lu_series_chain chain)
{
	switch (chain) {
	case LU_SERIES_DOMAINS:
		return sizeof(struct iommu_domain_ser);
	case LU_SERIES_DEVICES:
		return sizeof(struct iommu_device_ser);
	case LU_SERIES_IOMMUS:
		return sizeof(struct iommu_hw_ser);
	}
	return 0;
}

bool lu_series_dev_incoming(const struct iommu_device_ser *ser)
{
#ifdef IOMMU_SER_FLAG_INCOMING
	return ser->hdr.flags & IOMMU_SER_FLAG_INCOMING;
#else
	return ser->hdr.incoming;
#endif
}

int lu_series_register_flb(struct liveupdate_file_handler *handler)
{
	return iommu_liveupdate_register_flb(handler);
}

#ifndef LU_SERIES_RENAMES
int lu_series_domain_preserve(struct iommu_domain *domain)
{
	struct iommu_domain_ser *ser;

	return iommu_domain_preserve(domain, &ser);
}

void lu_series_domain_unpreserve(struct iommu_domain *domain)
{
	iommu_domain_unpreserve(domain);
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

struct iommu_device_ser *lu_series_device_lookup(struct device *dev)
{
	return iommu_get_device_preserved_data(dev);
}

struct iommu_hw_ser *lu_series_unit_lookup(uint64_t token, unsigned int type)
{
	return iommu_get_preserved_data(token, (enum iommu_type_ser)type);
}

struct iommu_domain *lu_series_domain_restore(struct device *dev,
					      struct iommu_device_ser *ser)
{
	void *owner = NULL;

	/* The owner's type differs between revisions; void * fits them all. */
	return iommu_restore_domain(dev, ser, (void *)&owner);
}
#endif /* LU_SERIES_RENAMES */

#endif /* LU_SERIES_COMMON_H */
