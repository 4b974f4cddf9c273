/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the facade needs of the series' file (drivers/iommu/liveupdate.c),
 * whichever implementation is built: the port or a kernel tree's file. One
 * adapter per implementation provides it (sut/kernel-tree/<rev>/); the
 * facade, the mock driver and the iommufd stand-in call nothing else of it.
 */
#ifndef LU_SERIES_H
#define LU_SERIES_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct device;
struct iommu_domain;
struct iommu_device_ser;
struct iommu_hw_ser;
struct liveupdate_flb;
struct liveupdate_file_handler;

/* Chains, in the order of lu::sut::Chain. */
enum lu_series_chain {
	LU_SERIES_DOMAINS,
	LU_SERIES_DEVICES,
	LU_SERIES_IOMMUS,
};

/* A chain page starts with its next page's phys and its slot count. */
#define LU_SERIES_ARRAY_HDR 16
#define LU_SERIES_ARRAY_NEXT 0
#define LU_SERIES_ARRAY_NR 8

/* The IOMMU FLB the file registers (static in a kernel tree's file). */
struct liveupdate_flb *lu_series_flb(void);
/* The FLB object's current array of @chain (outgoing: the tail page). */
const void *lu_series_chain_array(const void *flb_obj, enum lu_series_chain chain);
/* The head page of @chain, read from the FLB's data page @flb_ser. */
uint64_t lu_series_chain_head(const void *flb_ser, enum lu_series_chain chain);
/* The size of one record of @chain, as the file's ABI header lays it out. */
uint64_t lu_series_record_size(enum lu_series_chain chain);
/* Slots per chain page as the running code computes it. */
uint64_t lu_series_max_objs(enum lu_series_chain chain);
/* The incoming flag of a device entry (a bit-field or a flags word). */
bool lu_series_dev_incoming(const struct iommu_device_ser *ser);

/* Entry points, under the facade's names whatever the file calls them. */
int lu_series_register_flb(struct liveupdate_file_handler *handler);
int lu_series_domain_preserve(struct iommu_domain *domain);
void lu_series_domain_unpreserve(struct iommu_domain *domain);
int lu_series_device_preserve(struct iommu_domain *domain, struct device *dev,
			      uint64_t *preserved_state);
void lu_series_device_unpreserve(struct iommu_domain *domain,
				 struct device *dev);
struct iommu_device_ser *lu_series_device_lookup(struct device *dev);
struct iommu_hw_ser *lu_series_unit_lookup(uint64_t token, unsigned int type);
/* Returns the domain or an ERR_PTR. */
struct iommu_domain *lu_series_domain_restore(struct device *dev,
					      struct iommu_device_ser *ser);

#ifdef __cplusplus
}
#endif

#endif /* LU_SERIES_H */
