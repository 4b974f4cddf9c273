/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C face of one simulated machine, for the C++ facade: its object
 * tables (IOMMU units and devices are hardware and survive kexec; domains
 * and files belong to the running kernel) and one function per operation.
 * Operations return a handle (>= 0), -errno, or LU_FATAL.
 */
#ifndef LU_FACADE_H
#define LU_FACADE_H

#include <limits.h>
#include <stdint.h>

#include <lu/world.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LU_FATAL INT_MIN
#define LU_MAX_DOMAINS 8192
#define LU_MAX_UNITS 64
#define LU_MAX_DEVS 256
#define LU_MAX_FILES 64

struct mutex;
struct mock_iommu;
struct mock_pci_dev;
struct mock_domain;
struct luo_file;
struct iommufd_lu_ctx;

struct lu_unit {
	uint64_t token;
	uint64_t hw_root_phys;       /* what the hardware points at */
	struct mock_iommu *mi;       /* the running kernel's driver state */
	bool restored;               /* this kernel re-adopted its root table */
	struct mutex *probe_lock;    /* serialises its restore, as device_lock() */
};

struct lu_dev {
	int unit, segment, bdf;
	struct mock_pci_dev *md;
	int domain;                  /* handle of the attached domain, or -1 */
	int file;                    /* iommufd it is bound to, or -1 */
	struct iommu_domain *restored;
	struct mutex *probe_lock;    /* serialises its probe, as device_lock() */
};

struct lu_dom {
	struct mock_domain *md;      /* NULL once gone (freed, or kexec) */
	int file;
};

struct lu_fil {
	struct luo_file *lf;
	struct iommufd_lu_ctx *ctx;  /* NULL after kexec */
};

struct lu_sut {
	struct lu_world *w;
	struct lu_unit units[LU_MAX_UNITS];
	unsigned int nr_units;
	struct lu_dev devs[LU_MAX_DEVS];
	unsigned int nr_devs;
	struct lu_dom *doms;
	unsigned int nr_doms;
	struct lu_fil files[LU_MAX_FILES];
	unsigned int nr_files;
};

struct lu_sut *lu_sut_create(uint64_t bugs);
void lu_sut_destroy(struct lu_sut *s);

/* Run @fn with @w current and a landing point for fatal events. */
int lu_world_enter(struct lu_world *w, int (*fn)(void *arg), void *arg);

struct lu_op_args {
	struct lu_sut *s;
	int a, b, c;
	uint64_t x, y;
	uint64_t out;
};

/* Operations, run through lu_world_enter() with a struct lu_op_args. */
int lu_op_unit_add(void *args);
int lu_op_dev_add(void *args);        /* a: unit, b: segment, c: bdf */
int lu_op_file_open(void *args);
int lu_op_domain_alloc(void *args);   /* a: file, b: live-update capable */
int lu_op_domain_map(void *args);     /* a: domain, x: iova, y: pages */
int lu_op_domain_free(void *args);
int lu_op_dev_attach(void *args);     /* a: dev, b: domain */
int lu_op_domain_preserve(void *args);
int lu_op_domain_unpreserve(void *args);
int lu_op_dev_preserve(void *args);
int lu_op_dev_unpreserve(void *args);
int lu_op_file_preserve(void *args);
int lu_op_file_unpreserve(void *args);
int lu_op_kexec(void *args);
int lu_op_unit_restore(void *args);
int lu_op_dev_restore(void *args);
int lu_op_file_retrieve(void *args);
int lu_op_file_finish(void *args);
int lu_op_translate(void *args);      /* a: domain, x: iova -> out */
int lu_op_dev_translate(void *args);  /* a: dev, x: iova -> out */

/* Where domain @d maps @iova: a function of both, never 0. */
uint64_t lu_map_target(int d, uint64_t iova);

#ifdef __cplusplus
}
#endif

#endif /* LU_FACADE_H */
