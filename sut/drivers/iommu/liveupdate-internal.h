/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State of drivers/iommu/liveupdate.c that is not part of the ABI: the FLB
 * object (lock, top-level record, tail page of each chain) and the FLB
 * itself. Shared with the facade so that it can observe the chains.
 */
#ifndef _DRIVERS_IOMMU_LIVEUPDATE_INTERNAL_H
#define _DRIVERS_IOMMU_LIVEUPDATE_INTERNAL_H

#include <linux/kho/abi/iommu.h>
#include <linux/liveupdate.h>
#include <linux/mutex.h>

#ifdef __cplusplus
extern "C" {
#endif

struct iommu_flb_obj {
	struct mutex lock;
	struct iommu_flb_ser *ser;
	/* Outgoing: tail page of each chain. Incoming: the head page. */
	struct iommu_hw_array_ser *curr_iommu_array;
	struct iommu_domain_array_ser *curr_domain_array;
	struct iommu_device_array_ser *curr_device_array;
};

extern struct liveupdate_flb iommu_flb;

/* Objects per page as the running port computes it (seeded bugs apply). */
u64 iommu_lu_max_domains(void);
u64 iommu_lu_max_devices(void);
u64 iommu_lu_max_iommus(void);

#ifdef __cplusplus
}
#endif

#endif /* _DRIVERS_IOMMU_LIVEUPDATE_INTERNAL_H */
