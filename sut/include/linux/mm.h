/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/mm.h>, <linux/gfp.h> and <asm/page.h>: 4 KiB pages
 * with physical frame numbers, folios, and the page allocator.
 * Leaves out: zones, LRU, mapcount, compound page tails (a folio is its
 * head page), highmem. Stricter: pfns are never reused within a world, so a
 * stale physical address never aliases new memory; freed frames are
 * poisoned; put/free of a frame that is not allocated is reported; every
 * allocation is the fault site "alloc_pages" and a scheduling point; the
 * allocators are macros passing their caller's site, and a frame's head page
 * remembers who allocated (or restored) it, so a leaked frame is named.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/gfp.h>
#include <linux/alloc_tag.h>
#include <linux/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define MAX_PAGE_ORDER 4
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

enum lu_frame_state {
	LU_FRAME_NONE,       /* never handed out */
	LU_FRAME_ALLOCATED,  /* owned by this kernel */
	LU_FRAME_FREED,      /* freed; poisoned */
	LU_FRAME_INCOMING,   /* preserved by the previous kernel, not restored */
	LU_FRAME_LOST,       /* not preserved across a kexec; contents gone */
};

struct page {
	void *lu_virt;           /* host mapping of the frame's bytes */
	unsigned long lu_pfn;
	u8 lu_state;             /* enum lu_frame_state */
	u8 lu_order;             /* allocation order (head pages) */
	u8 lu_kho;               /* outgoing ledger: preserved with order lu_kho - 1 */
	u8 lu_marker;            /* incoming: KHO marker, order + 1; 0 when absent */
	u8 lu_restores;          /* incoming: times restored */
	const struct lu_alloc_site *lu_site; /* head: who allocated or restored it */
};

struct folio {
	struct page page;
};

static inline int get_order(unsigned long size)
{
	int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

struct page *lu_alloc_pages(gfp_t gfp, unsigned int order,
			    const struct lu_alloc_site *at);
unsigned long lu_get_zeroed_page(gfp_t gfp, const struct lu_alloc_site *at);
void __free_pages(struct page *page, unsigned int order);
void folio_put(struct folio *folio);
void free_page(unsigned long addr);

#define alloc_pages(gfp, order) lu_alloc_pages(gfp, order, LU_ALLOC_SITE())
#define folio_alloc(gfp, order) \
	((struct folio *)lu_alloc_pages(gfp, order, LU_ALLOC_SITE()))
#define get_zeroed_page(gfp) lu_get_zeroed_page(gfp, LU_ALLOC_SITE())
#define folio_put(folio) LU_FROM_CALLER(folio_put(folio))
#define __free_pages(page, order) LU_FROM_CALLER(__free_pages(page, order))

struct page *pfn_to_page(unsigned long pfn);
struct page *virt_to_page(const void *addr);
#define virt_to_page(addr) LU_FROM_CALLER_RET(virt_to_page(addr))
void *page_address(const struct page *page);

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page->lu_pfn;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page->lu_pfn << PAGE_SHIFT;
}

static inline struct folio *page_folio(struct page *page)
{
	return (struct folio *)page;
}

static inline struct page *folio_page(struct folio *folio, unsigned long n)
{
	return n ? pfn_to_page(folio->page.lu_pfn + n) : &folio->page;
}

static inline void *folio_address(const struct folio *folio)
{
	return page_address(&folio->page);
}

static inline unsigned int folio_order(const struct folio *folio)
{
	return folio->page.lu_order;
}

static inline unsigned long folio_pfn(const struct folio *folio)
{
	return folio->page.lu_pfn;
}

static inline struct folio *virt_to_folio(const void *addr)
{
	return page_folio(virt_to_page(addr));
}

#endif /* _LINUX_MM_H */
