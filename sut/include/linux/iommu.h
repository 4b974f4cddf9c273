/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/iommu.h>: domains, their ops (with the live-update
 * preserve/unpreserve/restore ops of the series), IOMMU units, groups and
 * the per-device IOMMU data.
 * Leaves out: fwnode/probe machinery, PASIDs, SVA, dirty tracking, fault
 * reporting, most domain types. A group holds one device.
 * Stricter: nothing; ops a driver does not implement are NULL and the
 * series must check them.
 */
#ifndef _LINUX_IOMMU_H
#define _LINUX_IOMMU_H

#include <linux/types.h>

#define IOMMU_DOMAIN_PAGING 2u
#define IOMMU_READ 1
#define IOMMU_WRITE 2

struct device;
struct iommu_domain;
struct iommu_device;
struct iommu_domain_ser;
struct iommu_device_ser;
struct iommu_hw_ser;

struct iommu_domain_ops {
	void (*free)(struct iommu_domain *domain);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain, dma_addr_t iova);
	/* Live update: present only where the driver implements them. */
	int (*preserve)(struct iommu_domain *domain, struct iommu_domain_ser *ser);
	void (*unpreserve)(struct iommu_domain *domain, struct iommu_domain_ser *ser);
	int (*restore)(struct iommu_domain *domain, struct iommu_domain_ser *ser);
};

struct iommu_ops {
	struct iommu_domain *(*domain_alloc_paging)(struct device *dev);
	int (*preserve_device)(struct device *dev, struct iommu_device_ser *ser);
	void (*unpreserve_device)(struct device *dev, struct iommu_device_ser *ser);
	int (*preserve)(struct iommu_device *iommu, struct iommu_hw_ser *ser);
	void (*unpreserve)(struct iommu_device *iommu, struct iommu_hw_ser *ser);
};

struct iommu_domain {
	unsigned int type;
	const struct iommu_domain_ops *ops;
	/* Outgoing: this domain's slot; incoming: the slot it came from. */
	void *preserved_state;
};

struct iommu_device {
	const struct iommu_ops *ops;
	void *outgoing_preserved_state;
};

struct iommu_group {
	unsigned int owner_cnt;  /* DMA ownership claims */
};

struct dev_iommu {
	struct iommu_device *iommu_dev;
	void *device_ser;        /* this device's slot, outgoing or incoming */
};

struct device {
	struct dev_iommu *iommu;
	struct iommu_group *iommu_group;
	bool lu_is_pci;
};

static inline const struct iommu_ops *dev_iommu_ops(struct device *dev)
{
	return dev->iommu->iommu_dev->ops;
}

static inline bool iommu_dma_owner_claimed(struct device *dev)
{
	return dev->iommu_group && dev->iommu_group->owner_cnt;
}

struct iommu_domain *iommu_paging_domain_alloc(struct device *dev);
void iommu_domain_free(struct iommu_domain *domain);

#endif /* _LINUX_IOMMU_H */
