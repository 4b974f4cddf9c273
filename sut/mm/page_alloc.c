// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated physical memory. Frames get pfns in allocation order and never
 * reuse one; their bytes live in host chunks. The direct map is a table,
 * not an offset, so it covers only frames that hold data in the running
 * kernel, and a kexec moves every surviving frame to new host memory.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <lu/world.h>

#if defined(__SANITIZE_ADDRESS__)
#define LU_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LU_HAVE_ASAN 1
#endif
#endif
#ifdef LU_HAVE_ASAN
#include <sanitizer/asan_interface.h>
#define lu_poison(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define lu_unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define lu_poison(p, n) ((void)(p), (void)(n))
#define lu_unpoison(p, n) ((void)(p), (void)(n))
#endif

#define LU_FIRST_PFN 0x1000ul           /* physical memory starts at 16 MiB */
#define LU_PAGE_BLOCK 1024ul            /* struct pages per metadata block */
#define LU_CHUNK_FRAMES (1ul << MAX_PAGE_ORDER)
#define LU_POISON_FREE 0x6b
#define LU_POISON_UNINIT 0xa5

/*
 * Host memory for LU_CHUNK_FRAMES frames, plus one guard frame so that a
 * record written past the last frame stays inside the chunk.
 */
struct lu_chunk {
	struct lu_chunk *next;
	unsigned char *base;
	unsigned int used;
};

/*
 * The reverse direct map: host page number -> pfn, open addressing. Only the
 * running kernel's mappings are in it; a kexec starts a new one.
 */
struct lu_vmap {
	unsigned long *keys;   /* host address >> PAGE_SHIFT, 0 when empty */
	unsigned long *pfns;
	unsigned long cap;     /* a power of two */
	unsigned long nr;
};

static unsigned long vmap_slot(const struct lu_vmap *m, unsigned long key)
{
	unsigned long i = (key * 0x9e3779b97f4a7c15ul) & (m->cap - 1);

	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void vmap_insert(struct lu_vmap *m, unsigned long key, unsigned long pfn);

static void vmap_grow(struct lu_vmap *m)
{
	struct lu_vmap bigger = { .cap = m->cap ? m->cap * 2 : 256 };
	unsigned long i;

	bigger.keys = calloc(bigger.cap, sizeof(*bigger.keys));
	bigger.pfns = calloc(bigger.cap, sizeof(*bigger.pfns));
	if (!bigger.keys || !bigger.pfns)
		lu_fatal(LU_EV_mem, "host out of memory (direct map)");
	for (i = 0; i < m->cap; i++)
		if (m->keys[i])
			vmap_insert(&bigger, m->keys[i], m->pfns[i]);
	free(m->keys);
	free(m->pfns);
	*m = bigger;
}

static void vmap_insert(struct lu_vmap *m, unsigned long key, unsigned long pfn)
{
	unsigned long i;

	if ((m->nr + 1) * 2 > m->cap)
		vmap_grow(m);
	i = vmap_slot(m, key);
	if (!m->keys[i])
		m->nr++;
	m->keys[i] = key;
	m->pfns[i] = pfn;
}

static void vmap_free(struct lu_vmap *m)
{
	free(m->keys);
	free(m->pfns);
	memset(m, 0, sizeof(*m));
}

bool lu_asan_poison_enabled = true;

unsigned long lu_mem_first_pfn(void)
{
	return LU_FIRST_PFN;
}

void lu_mem_init(struct lu_mem *mem)
{
	memset(mem, 0, sizeof(*mem));
	mem->next_pfn = LU_FIRST_PFN;
}

static void chunks_free(struct lu_chunk *c)
{
	struct lu_chunk *next;

	for (; c; c = next) {
		next = c->next;
		lu_unpoison(c->base, (LU_CHUNK_FRAMES + 1) * PAGE_SIZE);
		free(c->base);
		free(c);
	}
}

void lu_mem_destroy(struct lu_mem *mem)
{
	unsigned long i;

	chunks_free(mem->chunks);
	chunks_free(mem->dead_chunks);
	if (mem->vmap)
		vmap_free(mem->vmap);
	free(mem->vmap);
	for (i = 0; i < mem->nr_blocks; i++)
		free(mem->blocks[i]);
	free(mem->blocks);
	memset(mem, 0, sizeof(*mem));
}

struct page *lu_pfn_to_page(unsigned long pfn)
{
	struct lu_mem *mem = &lu_cur->mem;
	unsigned long idx;

	if (pfn < LU_FIRST_PFN || pfn >= mem->next_pfn)
		return NULL;
	idx = pfn - LU_FIRST_PFN;
	return &mem->blocks[idx / LU_PAGE_BLOCK][idx % LU_PAGE_BLOCK];
}

struct page *pfn_to_page(unsigned long pfn)
{
	struct page *page = lu_pfn_to_page(pfn);

	if (!page)
		lu_fatal(LU_EV_mem, "pfn_to_page(%#lx): no such frame", pfn);
	return page;
}

/* Hand out @nr fresh pfns, aligned to @nr, with their struct pages. */
static unsigned long pfns_alloc(struct lu_mem *mem, unsigned long nr)
{
	unsigned long pfn = (mem->next_pfn + nr - 1) & ~(nr - 1);
	unsigned long end = pfn + nr, need, i;

	need = (end - LU_FIRST_PFN + LU_PAGE_BLOCK - 1) / LU_PAGE_BLOCK;
	if (need > mem->nr_blocks) {
		mem->blocks = realloc(mem->blocks, need * sizeof(*mem->blocks));
		if (!mem->blocks)
			lu_fatal(LU_EV_mem, "host out of memory (page table)");
		for (i = mem->nr_blocks; i < need; i++) {
			mem->blocks[i] = calloc(LU_PAGE_BLOCK, sizeof(struct page));
			if (!mem->blocks[i])
				lu_fatal(LU_EV_mem, "host out of memory (page table)");
		}
		mem->nr_blocks = need;
	}
	for (i = mem->next_pfn; i < end; i++) {
		unsigned long idx = i - LU_FIRST_PFN;

		mem->blocks[idx / LU_PAGE_BLOCK][idx % LU_PAGE_BLOCK].lu_pfn = i;
	}
	mem->next_pfn = end;
	return pfn;
}

/* Host memory for @nr contiguous frames; records which pfns it backs. */
static unsigned char *host_alloc(struct lu_mem *mem, unsigned long pfn,
				 unsigned long nr)
{
	struct lu_chunk *c = mem->chunks;
	unsigned int slot, i;

	if (!c || ((c->used + nr - 1) & ~(nr - 1)) + nr > LU_CHUNK_FRAMES) {
		c = calloc(1, sizeof(*c));
		if (c)
			c->base = aligned_alloc(PAGE_SIZE,
						(LU_CHUNK_FRAMES + 1) * PAGE_SIZE);
		if (!c || !c->base)
			lu_fatal(LU_EV_mem, "host out of memory (frames)");
		memset(c->base + LU_CHUNK_FRAMES * PAGE_SIZE, 0, PAGE_SIZE);
		c->next = mem->chunks;
		mem->chunks = c;
	}
	slot = (c->used + nr - 1) & ~(nr - 1);
	if (!mem->vmap) {
		mem->vmap = calloc(1, sizeof(*mem->vmap));
		if (!mem->vmap)
			lu_fatal(LU_EV_mem, "host out of memory (direct map)");
	}
	for (i = 0; i < nr; i++)
		vmap_insert(mem->vmap,
			    ((unsigned long)c->base >> PAGE_SHIFT) + slot + i, pfn + i);
	c->used = slot + nr;
	return c->base + (unsigned long)slot * PAGE_SIZE;
}

/* The frames of @head now belong to the code at @at (NULL: the simulation's). */
void lu_frames_claim(struct page *head, unsigned long nr,
		     const struct lu_alloc_site *at)
{
	head->lu_site = at;
	if (lu_site_in_series(at))
		lu_cur->mem.series_frames += nr;
}

/* Allocate frames without counting a fault site: the allocators' core. */
struct page *lu_frames_alloc(unsigned int order, bool zero,
			     const struct lu_alloc_site *at)
{
	struct lu_mem *mem = &lu_cur->mem;
	unsigned long nr = 1ul << order, pfn = pfns_alloc(mem, nr), i;
	unsigned char *host = host_alloc(mem, pfn, nr);
	struct page *head = lu_pfn_to_page(pfn);

	memset(host, zero ? 0 : LU_POISON_UNINIT, nr * PAGE_SIZE);
	for (i = 0; i < nr; i++) {
		struct page *p = lu_pfn_to_page(pfn + i);

		p->lu_virt = host + i * PAGE_SIZE;
		p->lu_state = LU_FRAME_ALLOCATED;
		p->lu_order = i ? 0 : order;
	}
	mem->frames_live += nr;
	lu_frames_claim(head, nr, at);
	return head;
}

static const char *const frame_state_names[] = {
	"never allocated", "allocated", "freed", "preserved, not restored",
	"lost at kexec",
};

const char *lu_frame_state_name(unsigned int state)
{
	return state < ARRAY_SIZE(frame_state_names) ? frame_state_names[state] : "?";
}

void lu_frames_free(struct page *page, unsigned int order, const char *who)
{
	unsigned long nr = 1ul << order, i;

	if (page->lu_state != LU_FRAME_ALLOCATED || page->lu_order != order)
		lu_fatal(LU_EV_mem, "%s of pfn %#lx order %u: frame is %s (order %u)",
			 who, page->lu_pfn, order,
			 lu_frame_state_name(page->lu_state), page->lu_order);
	if (page->lu_kho)
		lu_report(LU_EV_kho, "%s of pfn %#lx while it is KHO-preserved",
			  who, page->lu_pfn);
	for (i = 0; i < nr; i++) {
		struct page *p = lu_pfn_to_page(page->lu_pfn + i);

		memset(p->lu_virt, LU_POISON_FREE, PAGE_SIZE);
		if (lu_asan_poison_enabled)
			lu_poison(p->lu_virt, PAGE_SIZE);
		p->lu_state = LU_FRAME_FREED;
		if (p->lu_kho)
			lu_cur->mem.kho_marked--;
		p->lu_kho = 0;
	}
	lu_cur->mem.frames_live -= nr;
	if (lu_site_in_series(page->lu_site))
		lu_cur->mem.series_frames -= nr;
	page->lu_site = NULL;
}

struct page *lu_alloc_pages(gfp_t gfp, unsigned int order,
			    const struct lu_alloc_site *at)
{
	lu_sched_point(LU_SCHED_alloc, NULL);
	if (lu_should_fail(LU_SITE_alloc_pages) || order > MAX_PAGE_ORDER)
		return NULL;
	return lu_frames_alloc(order, gfp & __GFP_ZERO, at);
}

void (__free_pages)(struct page *page, unsigned int order)
{
	lu_frames_free(page, order, "__free_pages");
}

void (folio_put)(struct folio *folio)
{
	lu_frames_free(&folio->page, folio->page.lu_order, "folio_put");
}

unsigned long lu_get_zeroed_page(gfp_t gfp, const struct lu_alloc_site *at)
{
	struct page *page = lu_alloc_pages(gfp | __GFP_ZERO, 0, at);

	return page ? (unsigned long)page_address(page) : 0;
}

void free_page(unsigned long addr)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), 0);
}

static bool frame_mapped(const struct page *page)
{
	return page->lu_state == LU_FRAME_ALLOCATED ||
	       page->lu_state == LU_FRAME_INCOMING;
}

void *page_address(const struct page *page)
{
	if (!frame_mapped(page))
		lu_fatal(LU_EV_mem, "page_address of pfn %#lx: frame is %s",
			 page->lu_pfn, lu_frame_state_name(page->lu_state));
	return page->lu_virt;
}

/* The pfn whose current host mapping holds @addr, or 0. */
unsigned long lu_virt_to_pfn(const void *addr)
{
	struct lu_vmap *m = lu_cur->mem.vmap;
	unsigned long key = (unsigned long)addr >> PAGE_SHIFT, i;

	if (!m || !key)
		return 0;
	i = vmap_slot(m, key);
	return m->keys[i] ? m->pfns[i] : 0;
}

struct page *(virt_to_page)(const void *addr)
{
	unsigned long pfn = lu_virt_to_pfn(addr);
	struct page *page = pfn ? lu_pfn_to_page(pfn) : NULL;

	if (!page || !frame_mapped(page))
		lu_fatal(LU_EV_mem, "virt_to_page(%p): %s", addr,
			 page ? lu_frame_state_name(page->lu_state) :
				"not in the direct map");
	return page;
}

phys_addr_t (virt_to_phys)(const volatile void *addr)
{
	const void *a = (const void *)addr;
	struct page *page = virt_to_page(a);

	return page_to_phys(page) + ((unsigned long)a & (PAGE_SIZE - 1));
}

/* Non-fatal lookup for observers: the mapping of @phys, or NULL. */
void *lu_phys_peek(phys_addr_t phys)
{
	struct page *page = lu_pfn_to_page(phys >> PAGE_SHIFT);

	if (!page || !frame_mapped(page))
		return NULL;
	return (char *)page->lu_virt + (phys & (PAGE_SIZE - 1));
}

void *(phys_to_virt)(phys_addr_t phys)
{
	void *v = lu_phys_peek(phys);
	struct page *page;

	if (!v) {
		page = lu_pfn_to_page(phys >> PAGE_SHIFT);
		lu_fatal(LU_EV_mem, "phys_to_virt(%#llx): %s",
			 (unsigned long long)phys,
			 page ? lu_frame_state_name(page->lu_state) :
				"no such frame");
	}
	return v;
}

/*
 * Kexec: frames the ledger holds preserved move, bytes intact, to new
 * host memory and carry the KHO marker; every other frame is lost. The
 * old host memory stays allocated but poisoned, so a stale pointer reads
 * poison (and trips ASan) instead of the new kernel's data.
 */
void lu_mem_kexec(struct lu_mem *mem)
{
	struct lu_chunk *old = mem->chunks, *c;
	struct lu_vmap *old_map = mem->vmap;
	unsigned long pfn, live = 0;

	mem->chunks = NULL;
	mem->vmap = NULL;
	mem->kho_marked = 0;
	mem->kho_incoming = 0;
	for (pfn = LU_FIRST_PFN; pfn < mem->next_pfn; pfn++) {
		struct page *p = lu_pfn_to_page(pfn);
		unsigned long nr, i;
		unsigned char *host;

		p->lu_restores = 0;
		if (p->lu_state != LU_FRAME_ALLOCATED &&
		    p->lu_state != LU_FRAME_INCOMING) {
			continue;
		}
		if (!p->lu_kho) {
			p->lu_state = LU_FRAME_LOST;
			p->lu_marker = 0;
			p->lu_virt = NULL;
			continue;
		}
		/* A preserved folio: move it whole. */
		nr = 1ul << (p->lu_kho - 1);
		host = host_alloc(mem, pfn, nr);
		for (i = 0; i < nr; i++) {
			struct page *q = lu_pfn_to_page(pfn + i);

			memcpy(host + i * PAGE_SIZE, q->lu_virt, PAGE_SIZE);
			q->lu_virt = host + i * PAGE_SIZE;
			q->lu_state = LU_FRAME_INCOMING;
			q->lu_marker = i ? 0 : p->lu_kho;
			q->lu_order = i ? 0 : p->lu_kho - 1;
			q->lu_kho = 0;
			q->lu_restores = 0;
			q->lu_site = NULL;
		}
		live += nr;
		mem->kho_incoming++;
		pfn += nr - 1;
	}
	for (c = old; c; c = c->next) {
		/* Freed frames in here are poisoned already; the whole chunk now is. */
		lu_unpoison(c->base, (LU_CHUNK_FRAMES + 1) * PAGE_SIZE);
		memset(c->base, LU_POISON_FREE, (LU_CHUNK_FRAMES + 1) * PAGE_SIZE);
		if (lu_asan_poison_enabled)
			lu_poison(c->base, (LU_CHUNK_FRAMES + 1) * PAGE_SIZE);
		if (!c->next) {
			c->next = mem->dead_chunks;
			mem->dead_chunks = old;
			break;
		}
	}
	if (old_map) {
		vmap_free(old_map);
		free(old_map);
	}
	mem->frames_live = live;
	mem->series_frames = 0;
}
