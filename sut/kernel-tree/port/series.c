// SPDX-License-Identifier: GPL-2.0
/*
 * lu/series.h for the built-in port: its files export the FLB and keep the
 * FLB object in an internal header; slots per page come from the port (so
 * that a seeded capacity bug shows).
 */
#include <linux/iommu-liveupdate.h>

#include "../../drivers/iommu/liveupdate-internal.h"
#include "../series_common.h"

struct liveupdate_flb *lu_series_flb(void)
{
	return &iommu_flb;
}

uint64_t lu_series_max_objs(enum lu_series_chain chain)
{
	switch (chain) {
	case LU_SERIES_DOMAINS:
		return iommu_lu_max_domains();
	case LU_SERIES_DEVICES:
		return iommu_lu_max_devices();
	case LU_SERIES_IOMMUS:
		return iommu_lu_max_iommus();
	}
	return 0;
}
