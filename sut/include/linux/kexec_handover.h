/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/kexec_handover.h>: preserving memory across kexec
 * (KHO) and getting it back in the next kernel.
 * Leaves out: FDT subtrees, vmalloc preservation, scratch areas.
 * Stricter: the ledger is a strict multiset, not a set of bits. Preserving a
 * frame that is already preserved, unpreserving one that is not preserved
 * (or with another order), and restoring one that was never preserved or
 * was already restored are each reported as a KHO event, where the real
 * KHO is silent or warns once. kho_alloc_preserve, kho_preserve_folio and
 * kho_restore_folio are fault sites; kho_alloc_preserve is also a
 * scheduling point (it may sleep).
 * Includes what its users get with it in the kernel, directly or through
 * the headers a KHO user includes beside it: ERR_PTR() and errno values,
 * the direct map (phys_to_virt, virt_to_phys, __pa), kzalloc/kfree, and
 * pages and folios (PAGE_SIZE, folio_put, virt_to_folio).
 */
#ifndef _LINUX_KEXEC_HANDOVER_H
#define _LINUX_KEXEC_HANDOVER_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/alloc_tag.h>
#include <linux/types.h>

bool kho_is_enabled(void);
int kho_preserve_folio(struct folio *folio);
void kho_unpreserve_folio(struct folio *folio);
int kho_preserve_pages(struct page *page, unsigned long nr_pages);
void kho_unpreserve_pages(struct page *page, unsigned long nr_pages);
struct folio *lu_kho_restore_folio(phys_addr_t phys,
				   const struct lu_alloc_site *at);
struct page *lu_kho_restore_pages(phys_addr_t phys, unsigned long nr_pages,
				  const struct lu_alloc_site *at);
void *lu_kho_alloc_preserve(size_t size, const struct lu_alloc_site *at);
void kho_unpreserve_free(void *mem);
void kho_restore_free(void *mem);

/* Macros, so that each call passes its site (<linux/alloc_tag.h>). */
#define kho_restore_folio(phys) lu_kho_restore_folio(phys, LU_ALLOC_SITE())
#define kho_restore_pages(phys, nr_pages) \
	lu_kho_restore_pages(phys, nr_pages, LU_ALLOC_SITE())
#define kho_alloc_preserve(size) lu_kho_alloc_preserve(size, LU_ALLOC_SITE())
#define kho_unpreserve_free(mem) LU_FROM_CALLER(kho_unpreserve_free(mem))
#define kho_unpreserve_folio(folio) LU_FROM_CALLER(kho_unpreserve_folio(folio))
#define kho_restore_free(mem) LU_FROM_CALLER(kho_restore_free(mem))

#endif /* _LINUX_KEXEC_HANDOVER_H */
