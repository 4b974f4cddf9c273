/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/iommu.h>: domains, their ops (with the live-update
 * preserve/unpreserve/restore ops of the series), IOMMU units, groups and
 * the per-device IOMMU data, with the series' back pointers typed as in the
 * kernel (a domain's, a unit's and a device's serialized record). Includes
 * <linux/device.h>, as the kernel's does.
 * Leaves out: fwnode/probe machinery, PASIDs, SVA, dirty tracking, fault
 * reporting, most domain types, the group mutex. A group holds one device.
 * iommu_dma_owner_claimed() is the simulation's own shorthand.
 * is_iommupt marks a domain that embeds a struct pt_iommu.
 * Stricter: nothing; ops a driver does not implement are NULL and the
 * series must check them.
 */
#ifndef _LINUX_IOMMU_H
#define _LINUX_IOMMU_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/types.h>

#define IOMMU_DOMAIN_PAGING 2u
#define IOMMU_READ 1
#define IOMMU_WRITE 2

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
	/* The domain is a generic page table (<linux/generic_pt/iommu.h>). */
	bool is_iommupt;
	const struct iommu_domain_ops *ops;
	/* Outgoing: this domain's slot; incoming: the slot it came from. */
	struct iommu_domain_ser *preserved_state;
};

struct iommu_device {
	const struct iommu_ops *ops;
	struct iommu_hw_ser *outgoing_preserved_state;
};

struct iommu_group {
	unsigned int owner_cnt;  /* DMA ownership claims */
};

struct dev_iommu {
	struct iommu_device *iommu_dev;
	/* This device's slot, outgoing or incoming. */
	struct iommu_device_ser *device_ser;
};

static inline const struct iommu_ops *dev_iommu_ops(struct device *dev)
{
	return dev->iommu->iommu_dev->ops;
}

/* Like the kernel's, it dereferences @group: a device with none oopses. */
static inline bool iommu_group_dma_owner_claimed(struct iommu_group *group)
{
	return group->owner_cnt != 0;
}

static inline bool iommu_dma_owner_claimed(struct device *dev)
{
	return dev->iommu_group &&
	       iommu_group_dma_owner_claimed(dev->iommu_group);
}

struct iommu_domain *iommu_paging_domain_alloc(struct device *dev);
void iommu_domain_free(struct iommu_domain *domain);

#endif /* _LINUX_IOMMU_H */
