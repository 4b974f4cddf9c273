/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An iommufd-like file for LUO: it owns paging domains and the devices
 * bound to it, and serialises the operations on them with its lock. Preserving the file preserves its domains that are not yet
 * preserved (all or nothing); unpreserving it undoes its devices and
 * domains.
 */
#ifndef _DRIVERS_IOMMU_IOMMUFD_LU_H
#define _DRIVERS_IOMMU_IOMMUFD_LU_H

#include <linux/iommu.h>
#include <linux/liveupdate.h>
#include <linux/mutex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IOMMUFD_LU_MAX_OBJS 1024

struct iommufd_lu_ctx {
	/* Serialises this iommufd's object operations, as iommufd's locks do. */
	struct mutex lock;
	struct iommu_domain *domains[IOMMUFD_LU_MAX_OBJS];
	unsigned int nr_domains;
	struct device *devs[IOMMUFD_LU_MAX_OBJS];
	struct iommu_domain *dev_domain[IOMMUFD_LU_MAX_OBJS];
	unsigned int nr_devs;
};

extern struct liveupdate_file_handler iommufd_lu_handler;

#ifdef __cplusplus
}
#endif

#endif /* _DRIVERS_IOMMU_IOMMUFD_LU_H */
