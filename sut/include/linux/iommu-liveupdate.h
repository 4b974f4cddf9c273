/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The series' interface to IOMMU drivers, iommufd and the PCI core:
 * preserving domains, devices and IOMMU units in the outgoing kernel and
 * finding them again in the next one. Same names and signatures as the v2
 * series (drivers/iommu/liveupdate.c).
 */
#ifndef _LINUX_IOMMU_LIVEUPDATE_H
#define _LINUX_IOMMU_LIVEUPDATE_H

#include <linux/iommu.h>
#include <linux/kho/abi/iommu.h>
#include <linux/liveupdate.h>

int iommu_domain_preserve(struct iommu_domain *domain,
			  struct iommu_domain_ser **ser);
void iommu_domain_unpreserve(struct iommu_domain *domain);
int iommu_preserve_device(struct iommu_domain *domain, struct device *dev,
			  u64 *preserved_state);
void iommu_unpreserve_device(struct iommu_domain *domain, struct device *dev);

struct iommu_domain *iommu_restore_domain(struct device *dev,
					  struct iommu_device_ser *ser,
					  struct iommu_device_ser **owner);
int iommu_for_each_preserved_device(int (*fn)(struct iommu_device_ser *ser,
					      void *arg),
				    void *arg);
struct iommu_device_ser *iommu_get_device_preserved_data(struct device *dev);
struct iommu_hw_ser *iommu_get_preserved_data(u64 token,
					      enum iommu_type_ser type);

int iommu_liveupdate_register_flb(struct liveupdate_file_handler *handler);

#endif /* _LINUX_IOMMU_LIVEUPDATE_H */
