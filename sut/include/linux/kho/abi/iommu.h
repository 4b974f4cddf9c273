/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOMMU live-update ABI: the records the outgoing kernel writes into
 * KHO-preserved pages and the next kernel reads back. Layout of the v2
 * series: packed records with a 5-byte header, giving 120 domain, 110 device
 * and 194 IOMMU-unit slots per 4 KiB array page. The header's two flag bits
 * sit where v2 had its two one-bit fields (bit 0 and bit 1 of byte 4), as a
 * u8 of flags rather than bit-fields, so the bytes are the same.
 */
#ifndef _LINUX_KHO_ABI_IOMMU_H
#define _LINUX_KHO_ABI_IOMMU_H

#include <linux/compiler.h>
#include <linux/mm.h>
#include <linux/types.h>

#define IOMMU_LUO_FLB_COMPATIBLE "iommu-liveupdate-v1"

#define IOMMU_SER_FLAG_DELETED 0x1
#define IOMMU_SER_FLAG_INCOMING 0x2

struct iommu_hdr_ser {
	u32 ref_count;
	u8 flags;
} __packed;

/* One chain page: this header, then as many records as fit. */
struct iommu_array_hdr_ser {
	u64 next_array_phys;  /* next page of the chain, 0 at the tail */
	u64 nr_objects;       /* slots handed out in this page, deleted included */
} __packed;

#define IOMMU_DOMAIN_SER_SIGN_EXTEND 0x1

struct iommu_domain_ser {
	struct iommu_hdr_ser hdr;
	u64 top_table_phys;
	u64 top_level;
	u32 vasz;
	u8 pt_flags;
	u64 restored_domain;  /* next kernel only: its struct iommu_domain */
} __packed;

struct iommu_dev_map_ser {
	u64 attachment_id;
	u64 domain_phys;
	u64 iommu_phys;
} __packed;

struct iommu_device_ser {
	struct iommu_hdr_ser hdr;
	u32 devid;
	u32 pci_domain_nr;
	struct iommu_dev_map_ser domain_iommu_ser;
} __packed;

enum iommu_type_ser {
	IOMMU_INVALID = 0,
	IOMMU_INTEL = 1,
};

struct iommu_hw_ser {
	struct iommu_hdr_ser hdr;
	u64 token;
	u64 type;
} __packed;

struct iommu_domain_array_ser {
	struct iommu_array_hdr_ser hdr;
	struct iommu_domain_ser objects[];
} __packed;

struct iommu_device_array_ser {
	struct iommu_array_hdr_ser hdr;
	struct iommu_device_ser objects[];
} __packed;

struct iommu_hw_array_ser {
	struct iommu_array_hdr_ser hdr;
	struct iommu_hw_ser objects[];
} __packed;

/* The FLB's data: physical addresses of the head page of each chain. */
struct iommu_flb_ser {
	u64 iommu_array_phys;
	u64 iommu_domain_array_phys;
	u64 device_array_phys;
} __packed;

#ifdef __cplusplus
#define LU_ABI_ASSERT static_assert
#else
#define LU_ABI_ASSERT _Static_assert
#endif

#define iommu_max_objs_per_page(type) \
	((PAGE_SIZE - sizeof(struct iommu_array_hdr_ser)) / sizeof(type))

LU_ABI_ASSERT(sizeof(struct iommu_hdr_ser) == 5, "v2 header is 5 bytes");
LU_ABI_ASSERT(sizeof(struct iommu_domain_ser) == 34, "v2 domain record");
LU_ABI_ASSERT(sizeof(struct iommu_device_ser) == 37, "v2 device record");
LU_ABI_ASSERT(sizeof(struct iommu_hw_ser) == 21, "v2 IOMMU unit record");
LU_ABI_ASSERT(sizeof(struct iommu_flb_ser) == 24, "v2 FLB data");

#endif /* _LINUX_KHO_ABI_IOMMU_H */
