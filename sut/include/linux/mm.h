/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/mm.h>, <linux/gfp.h> and <asm/page.h>: 4 KiB pages
 * with physical frame numbers, folios, and the page allocator.
 * Leaves out: zones, LRU, mapcount, compound page tails (a folio is its
 * head page), highmem. Stricter: pfns are never reused within a world, so a
 * stale physical address never aliases new memory; freed frames are
 * poisoned; put/free of a frame that is not allocated is reported; every
 * allocation is the fault site "alloc_pages" and a scheduling point.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/gfp.h>
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

struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct folio *folio_alloc(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
void folio_put(struct folio *folio);
unsigned long get_zeroed_page(gfp_t gfp);
void free_page(unsigned long addr);

struct page *pfn_to_page(unsigned long pfn);
struct page *virt_to_page(const void *addr);
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
