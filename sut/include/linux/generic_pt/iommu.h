/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/generic_pt/iommu.h>: struct pt_iommu, the generic
 * page table a driver's domain embeds (its iommu_domain first), and the
 * live-update ops of the revisions after v2, which preserve, unpreserve and
 * restore a domain's tables through pt->ops instead of the domain's ops.
 * Leaves out: map/unmap/dirty ops, driver ops, formats and their configs;
 * CONFIG_IOMMU_PT is taken as built in.
 * Stricter: nothing; ops a driver does not implement are NULL.
 */
#ifndef __GENERIC_PT_IOMMU_H
#define __GENERIC_PT_IOMMU_H

#include <linux/iommu.h>
#include <linux/kernel.h>

struct iommu_domain_ser;
struct pt_iommu;

struct pt_iommu_ops {
	int (*preserve)(struct pt_iommu *iommu_table,
			struct iommu_domain_ser *ser);
	void (*unpreserve)(struct pt_iommu *iommu_table,
			   struct iommu_domain_ser *ser);
	int (*restore)(struct pt_iommu *iommu_table,
		       struct iommu_domain_ser *ser);
};

struct pt_iommu {
	struct iommu_domain domain;
	const struct pt_iommu_ops *ops;
};

static inline struct pt_iommu *iommupt_from_domain(struct iommu_domain *domain)
{
	if (!domain->is_iommupt)
		return NULL;
	return container_of(domain, struct pt_iommu, domain);
}

#endif /* __GENERIC_PT_IOMMU_H */
