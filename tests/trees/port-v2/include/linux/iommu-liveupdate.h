/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Preserving IOMMU domains, the devices attached to them and the IOMMU
 * units behind those devices across a kexec with KHO and LUO, and finding
 * them again in the next kernel. Used by IOMMU drivers, iommufd and the
 * IOMMU core.
 */
#ifndef _LINUX_IOMMU_LIVEUPDATE_H
#define _LINUX_IOMMU_LIVEUPDATE_H

#include <linux/iommu.h>
#include <linux/kho/abi/iommu.h>
#include <linux/liveupdate.h>

typedef int (*iommu_preserved_device_iter_fn)(struct iommu_device_ser *ser,
					      void *arg);

/* The entry this kernel preserved for @dev; NULL for none or an incoming one. */
static inline struct iommu_device_ser *dev_iommu_preserved_state(struct device *dev)
{
	struct iommu_device_ser *ser = dev->iommu->device_ser;

	return ser && !ser->hdr.incoming ? ser : NULL;
}

int iommu_domain_preserve(struct iommu_domain *domain,
			  struct iommu_domain_ser **ser);
void iommu_domain_unpreserve(struct iommu_domain *domain);
int iommu_preserve_device(struct iommu_domain *domain, struct device *dev,
			  u64 *preserved_state);
void iommu_unpreserve_device(struct iommu_domain *domain, struct device *dev);

struct iommu_domain *iommu_restore_domain(struct device *dev,
					  struct iommu_device_ser *ser,
					  void **owner);
int iommu_for_each_preserved_device(iommu_preserved_device_iter_fn fn,
				    void *arg);
struct iommu_device_ser *iommu_get_device_preserved_data(struct device *dev);
struct iommu_hw_ser *iommu_get_preserved_data(u64 token,
					      enum iommu_type_ser type);

int iommu_liveupdate_register_flb(struct liveupdate_file_handler *handler);
void iommu_liveupdate_unregister_flb(struct liveupdate_file_handler *handler);

#endif /* _LINUX_IOMMU_LIVEUPDATE_H */
