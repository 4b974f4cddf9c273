/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records that the IOMMU live-update code leaves in KHO-preserved memory
 * for the next kernel, in the layout of the v2 revision of the series.
 *
 * The outgoing kernel keeps three chains of 4 KiB pages: one for IOMMU
 * hardware units, one for domains and one for devices. Each page starts
 * with a struct iommu_array_hdr_ser and continues with packed records of
 * one type. A record is never moved or reused once it has been handed out;
 * undoing a preservation only marks the record deleted. The physical
 * addresses of the first page of each chain are kept in a struct
 * iommu_flb_ser, whose own physical address is the data that LUO hands to
 * the next kernel under the compatible string below.
 *
 * Every record is __packed, so the one-bit fields take bits rather than a
 * whole word and the record sizes are not multiples of four.
 */
#ifndef _LINUX_KHO_ABI_IOMMU_H
#define _LINUX_KHO_ABI_IOMMU_H

#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct iommu_domain;

/* The name under which the IOMMU FLB data is found in the next kernel. */
#define IOMMU_LUO_FLB_COMPATIBLE "iommu-liveupdate-v1"

/**
 * enum iommu_type_ser - which driver wrote an IOMMU hardware record
 * @IOMMU_INVALID: no driver; a record of this type never matches a real unit
 */
enum iommu_type_ser {
	IOMMU_INVALID,
};

/**
 * struct iommu_hdr_ser - bookkeeping at the start of every record
 * @ref_count: users of the record; set to 1 when the slot is handed out
 * @deleted: the record was given up in the outgoing kernel; readers in the
 *	next kernel skip it
 * @incoming: the next kernel has claimed the record (looked it up or
 *	restored from it)
 */
struct iommu_hdr_ser {
	u32 ref_count;
	u32 deleted:1;
	u32 incoming:1;
} __packed;

/**
 * struct iommu_domain_ser - a preserved IOMMU domain
 * @hdr: record header
 * @top_table_phys: physical address of the domain's top-level page table
 * @top_level: level of that table
 * @vasz: width of the domain's input address space, in bits
 * @sign_extend: input addresses are sign-extended from the top bit
 * @restored_domain: next kernel only, zero when written: the domain
 *	rebuilt from this record, or the error of a rebuild that failed
 */
struct iommu_domain_ser {
	struct iommu_hdr_ser hdr;
	u64 top_table_phys;
	u64 top_level;
	u32 vasz;
	u32 sign_extend:1;
	struct iommu_domain *restored_domain;
} __packed;

/**
 * struct iommu_dev_map_ser - what a preserved device is attached to
 * @attachment_id: the driver's identifier of the attachment (for VT-d, the
 *	domain id the device used)
 * @domain_phys: physical address of the device's struct iommu_domain_ser
 * @iommu_phys: physical address of its unit's struct iommu_hw_ser
 */
struct iommu_dev_map_ser {
	u64 attachment_id;
	u64 domain_phys;
	u64 iommu_phys;
} __packed;

/**
 * struct iommu_device_ser - a preserved PCI device
 * @hdr: record header
 * @devid: bus number and devfn of the device
 * @pci_domain_nr: PCI segment of the device
 * @domain_iommu_ser: the domain and the unit the device is attached through
 */
struct iommu_device_ser {
	struct iommu_hdr_ser hdr;
	u32 devid;
	u32 pci_domain_nr;
	struct iommu_dev_map_ser domain_iommu_ser;
} __packed;

/**
 * struct iommu_hw_ser - a preserved IOMMU hardware unit
 * @hdr: record header; @hdr.ref_count counts the live device records that
 *	point at this one
 * @token: the driver's key for finding its unit again (for VT-d, the
 *	physical base of the unit's registers)
 * @type: an enum iommu_type_ser value
 */
struct iommu_hw_ser {
	struct iommu_hdr_ser hdr;
	u64 token;
	u64 type;
} __packed;

/**
 * struct iommu_array_hdr_ser - start of every chain page
 * @next_array_phys: physical address of the next page of the chain; zero
 *	on the last page
 * @nr_objects: records handed out in this page, deleted ones included
 */
struct iommu_array_hdr_ser {
	u64 next_array_phys;
	u64 nr_objects;
} __packed;

/**
 * struct iommu_hw_array_ser - a page of the IOMMU hardware unit chain
 * @hdr: page header
 * @objects: the records
 */
struct iommu_hw_array_ser {
	struct iommu_array_hdr_ser hdr;
	struct iommu_hw_ser objects[];
} __packed;

/**
 * struct iommu_domain_array_ser - a page of the domain chain
 * @hdr: page header
 * @objects: the records
 */
struct iommu_domain_array_ser {
	struct iommu_array_hdr_ser hdr;
	struct iommu_domain_ser objects[];
} __packed;

/**
 * struct iommu_device_array_ser - a page of the device chain
 * @hdr: page header
 * @objects: the records
 */
struct iommu_device_array_ser {
	struct iommu_array_hdr_ser hdr;
	struct iommu_device_ser objects[];
} __packed;

/*
 * Number of records of @type that fit in one chain page after its header;
 * the space left over at the end of the page is unused.
 */
#define iommu_max_objs_per_page(type) \
	((PAGE_SIZE - sizeof(struct iommu_array_hdr_ser)) / sizeof(type))

/**
 * struct iommu_flb_ser - the IOMMU FLB data handed to the next kernel
 * @iommu_array_phys: physical address of the first IOMMU unit page
 * @iommu_domain_array_phys: physical address of the first domain page
 * @device_array_phys: physical address of the first device page
 *
 * The three addresses are written when the FLB is first preserved and do
 * not change afterwards, however long the chains grow.
 */
struct iommu_flb_ser {
	u64 iommu_array_phys;
	u64 iommu_domain_array_phys;
	u64 device_array_phys;
} __packed;

/**
 * struct iommu_flb_obj - the kernel's handle on the IOMMU FLB data
 * @lock: serialises every change to the chains, to the records in them and
 *	to the pointers that lead from kernel objects to their records
 * @ser: the FLB data page
 * @curr_iommu_array: IOMMU unit chain; the last page when preserving, the
 *	first page in the next kernel
 * @curr_domain_array: domain chain, in the same manner
 * @curr_device_array: device chain, in the same manner
 *
 * Not part of the preserved data: each kernel builds its own, in the FLB's
 * preserve callback (outgoing) or its retrieve callback (incoming).
 */
struct iommu_flb_obj {
	struct mutex lock;
	struct iommu_flb_ser *ser;
	struct iommu_hw_array_ser *curr_iommu_array;
	struct iommu_domain_array_ser *curr_domain_array;
	struct iommu_device_array_ser *curr_device_array;
};

#endif /* _LINUX_KHO_ABI_IOMMU_H */
