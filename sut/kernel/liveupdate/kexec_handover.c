// SPDX-License-Identifier: GPL-2.0
/*
 * KHO for the port: the outgoing kernel's preserve ledger and the next
 * kernel's restore side. The ledger lives in struct page (lu_kho, order+1)
 * and is strict: double preserves, unmatched unpreserves and bad restores
 * are reported even where the real KHO keeps quiet.
 */
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <lu/world.h>

struct page *lu_frames_alloc(unsigned int order, bool zero,
			     const struct lu_alloc_site *at);
void lu_frames_claim(struct page *head, unsigned long nr,
		     const struct lu_alloc_site *at);
void lu_frames_free(struct page *page, unsigned int order, const char *who);
const char *lu_frame_state_name(unsigned int state);

bool kho_is_enabled(void)
{
	return lu_cur->kho_enabled;
}

static void ledger_mark(struct page *page, unsigned int order)
{
	if (page->lu_state != LU_FRAME_ALLOCATED)
		lu_report(LU_EV_kho, "preserve of pfn %#lx, which is %s",
			  page->lu_pfn, lu_frame_state_name(page->lu_state));
	if (page->lu_kho)
		lu_report(LU_EV_kho, "double preserve of pfn %#lx order %u",
			  page->lu_pfn, order);
	else
		lu_cur->mem.kho_marked++;
	page->lu_kho = order + 1;
}

static void ledger_clear(struct page *page, unsigned int order)
{
	if (!page->lu_kho)
		lu_report(LU_EV_kho, "unpreserve of pfn %#lx order %u, which is not preserved",
			  page->lu_pfn, order);
	else if (page->lu_kho != order + 1)
		lu_report(LU_EV_kho, "unpreserve of pfn %#lx with order %u, preserved with order %u",
			  page->lu_pfn, order, page->lu_kho - 1);
	if (page->lu_kho)
		lu_cur->mem.kho_marked--;
	page->lu_kho = 0;
}

int kho_preserve_folio(struct folio *folio)
{
	if (lu_should_fail(LU_SITE_kho_preserve_folio))
		return -ENOMEM;
	if (WARN_ON(!kho_is_enabled()))
		return -EINVAL;
	ledger_mark(&folio->page, folio_order(folio));
	return 0;
}

void (kho_unpreserve_folio)(struct folio *folio)
{
	ledger_clear(&folio->page, folio_order(folio));
}

int kho_preserve_pages(struct page *page, unsigned long nr_pages)
{
	unsigned long pfn = page_to_pfn(page), i;

	if (lu_should_fail(LU_SITE_kho_preserve_folio))
		return -ENOMEM;
	if (WARN_ON(!kho_is_enabled()))
		return -EINVAL;
	for (i = 0; i < nr_pages; i++)
		ledger_mark(pfn_to_page(pfn + i), 0);
	return 0;
}

void kho_unpreserve_pages(struct page *page, unsigned long nr_pages)
{
	unsigned long pfn = page_to_pfn(page), i;

	for (i = 0; i < nr_pages; i++)
		ledger_clear(pfn_to_page(pfn + i), 0);
}

void *lu_kho_alloc_preserve(size_t size, const struct lu_alloc_site *at)
{
	unsigned int order;
	struct page *page;
	int err;

	lu_sched_point(LU_SCHED_alloc, NULL);
	if (!size)
		return ERR_PTR(-EINVAL);
	order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return ERR_PTR(-E2BIG);
	if (lu_should_fail(LU_SITE_kho_alloc_preserve))
		return ERR_PTR(-ENOMEM);
	page = lu_frames_alloc(order, true, at);
	err = kho_preserve_folio(page_folio(page));
	if (err) {
		lu_frames_free(page, order, "kho_alloc_preserve");
		return ERR_PTR(err);
	}
	return page_address(page);
}

void (kho_unpreserve_free)(void *mem)
{
	struct folio *folio;

	if (!mem)
		return;
	folio = virt_to_folio(mem);
	kho_unpreserve_folio(folio);
	folio_put(folio);
}

/* The next kernel's code at @at takes a frame the previous one preserved. */
static struct page *restore_frame(phys_addr_t phys,
				  const struct lu_alloc_site *at)
{
	struct page *page = lu_pfn_to_page(phys >> PAGE_SHIFT);
	unsigned long nr, i;

	if ((phys & (PAGE_SIZE - 1)) || !page) {
		lu_report(LU_EV_kho, "restore of %#llx: not a frame",
			  (unsigned long long)phys);
		return NULL;
	}
	if (page->lu_state != LU_FRAME_INCOMING || !page->lu_marker) {
		if (page->lu_restores)
			WARN(1, "restore of pfn %#lx, already restored", page->lu_pfn);
		lu_report(LU_EV_kho, "restore of pfn %#lx, which is %s",
			  page->lu_pfn,
			  page->lu_restores ? "already restored" :
					      "not preserved by the previous kernel");
		return NULL;
	}
	nr = 1ul << (page->lu_marker - 1);
	for (i = 0; i < nr; i++)
		pfn_to_page(page->lu_pfn + i)->lu_state = LU_FRAME_ALLOCATED;
	page->lu_order = page->lu_marker - 1;
	page->lu_marker = 0;
	page->lu_restores++;
	lu_cur->mem.kho_incoming--;
	lu_frames_claim(page, nr, at);
	return page;
}

struct folio *lu_kho_restore_folio(phys_addr_t phys,
				   const struct lu_alloc_site *at)
{
	if (lu_should_fail(LU_SITE_kho_restore_folio))
		return NULL;
	return page_folio(restore_frame(phys, at));
}

struct page *lu_kho_restore_pages(phys_addr_t phys, unsigned long nr_pages,
				  const struct lu_alloc_site *at)
{
	struct page *first = NULL, *page;
	unsigned long i;

	if (lu_should_fail(LU_SITE_kho_restore_folio))
		return NULL;
	for (i = 0; i < nr_pages; i++) {
		page = restore_frame(phys + i * PAGE_SIZE, at);
		if (!page)
			return NULL;
		if (!first)
			first = page;
	}
	return first;
}

void (kho_restore_free)(void *mem)
{
	struct folio *folio;

	if (!mem)
		return;
	folio = kho_restore_folio(virt_to_phys(mem));
	if (!WARN_ON(!folio))
		folio_put(folio);
}
