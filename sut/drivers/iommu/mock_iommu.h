/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A mock IOMMU driver: IOMMU units with a root table page, PCI devices
 * behind them, and paging domains with a three-level, 512-entry page table
 * (39-bit IOVA, 4 KiB leaves) whose table pages the live-update ops
 * preserve, and re-adopt in the next kernel. A domain is also a generic
 * page table (struct pt_iommu), for the revisions that reach the
 * live-update ops through pt->ops.
 */
#ifndef _DRIVERS_IOMMU_MOCK_IOMMU_H
#define _DRIVERS_IOMMU_MOCK_IOMMU_H

#include <linux/generic_pt/iommu.h>
#include <linux/iommu.h>
#include <linux/pci.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MOCK_PT_LEVELS 3
#define MOCK_PT_ENTRIES 512
#define MOCK_VASZ 39
/* The unit type its entries carry: a value no real driver uses. */
#define MOCK_IOMMU_TYPE 2
#define MOCK_PTE_PRESENT 0x1ull
#define MOCK_PTE_WRITE 0x2ull
#define MOCK_PTE_ADDR 0x000ffffffffff000ull

struct mock_domain {
	union {
		struct iommu_domain domain;
		struct pt_iommu iommu;   /* iommu.domain aliases domain */
	};
	u64 *top;                 /* top-level table */
	unsigned long nr_tables;  /* table pages, top included */
	u32 id;
};

struct mock_iommu {
	struct iommu_device iommu;
	u64 token;                /* register base: identifies the unit */
	u64 *root;                /* root table, preserved with the unit */
	/* What the hardware keeps across kexec: the root table's address. */
	phys_addr_t hw_root_phys;
};

struct mock_pci_dev {
	struct pci_dev pdev;
	struct pci_bus bus;
	struct dev_iommu dev_iommu;
	struct iommu_group group;
	struct iommu_domain *domain;  /* attached domain */
};

extern const struct iommu_ops mock_iommu_ops;
extern const struct iommu_domain_ops mock_domain_ops;
extern const struct iommu_domain_ops mock_domain_ops_no_lu;
extern const struct pt_iommu_ops mock_pt_ops;
extern const struct pt_iommu_ops mock_pt_ops_no_lu;

static inline struct mock_domain *to_mock_domain(struct iommu_domain *d)
{
	return container_of(d, struct mock_domain, domain);
}

struct mock_domain *mock_domain_alloc(bool live_update);
int mock_iommu_init(struct mock_iommu *mi, u64 token);
int mock_iommu_restore(struct mock_iommu *mi);
void mock_pci_dev_init(struct mock_pci_dev *md, struct mock_iommu *mi,
		       int segment, u16 bdf);
int mock_attach(struct mock_pci_dev *md, struct iommu_domain *domain);

#ifdef __cplusplus
}
#endif

#endif /* _DRIVERS_IOMMU_MOCK_IOMMU_H */
