// SPDX-License-Identifier: GPL-2.0
/*
 * lu/series.h for a kernel tree at the v2 revision of the series. The tree's
 * drivers/iommu/liveupdate.c is compiled as it is, by including it here (as
 * the kernel's tools/testing/vma does with mm/vma.c), so that its static FLB
 * is in reach; nothing else of the file is touched.
 */
#include LU_TREE_LIVEUPDATE_C

#include "../series_common.h"

struct liveupdate_flb *lu_series_flb(void)
{
	return &iommu_flb;
}

/* The file computes slots per page from the record sizes of its header. */
uint64_t lu_series_max_objs(enum lu_series_chain chain)
{
	return (PAGE_SIZE - sizeof(struct iommu_array_hdr_ser)) /
	       lu_series_record_size(chain);
}
