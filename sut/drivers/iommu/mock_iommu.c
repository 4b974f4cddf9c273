// SPDX-License-Identifier: GPL-2.0
/*
 * The mock IOMMU driver: page-table domains, units, devices, and their
 * live-update ops. Each driver op is a fault site and a scheduling point;
 * an injected failure returns -EIO before the op changes anything.
 */
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/iommu-liveupdate.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <lu/series.h>
#include <lu/world.h>

#include "mock_iommu.h"

static bool driver_op_fails(enum lu_site site, const void *obj)
{
	lu_sched_point(LU_SCHED_driver, obj);
	return lu_should_fail(site);
}

static u64 *table_alloc(void)
{
	return (u64 *)get_zeroed_page(GFP_KERNEL);
}

static unsigned int pt_index(unsigned long iova, int level)
{
	return (iova >> (12 + 9 * level)) & (MOCK_PT_ENTRIES - 1);
}

/* Visit every table page, parents first, in index order. */
static int walk_tables(u64 *table, int level, int (*fn)(u64 *table, void *arg),
		       void *arg)
{
	int ret = fn(table, arg), i;

	if (ret || level == 0)
		return ret;
	for (i = 0; i < MOCK_PT_ENTRIES; i++) {
		if (!(table[i] & MOCK_PTE_PRESENT))
			continue;
		ret = walk_tables(phys_to_virt(table[i] & MOCK_PTE_ADDR),
				  level - 1, fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static void free_tables(u64 *table, int level)
{
	int i;

	if (level > 0) {
		for (i = 0; i < MOCK_PT_ENTRIES; i++)
			if (table[i] & MOCK_PTE_PRESENT)
				free_tables(phys_to_virt(table[i] & MOCK_PTE_ADDR),
					    level - 1);
	}
	free_page((unsigned long)table);
}

static void mock_domain_free(struct iommu_domain *domain)
{
	struct mock_domain *md = to_mock_domain(domain);

	if (md->top)
		free_tables(md->top, MOCK_PT_LEVELS - 1);
	kfree(md);
}

static int mock_map_pages(struct iommu_domain *domain, unsigned long iova,
			  phys_addr_t paddr, size_t pgsize, size_t pgcount,
			  int prot, gfp_t gfp, size_t *mapped)
{
	struct mock_domain *md = to_mock_domain(domain);
	size_t n;

	*mapped = 0;
	if (pgsize != PAGE_SIZE || (iova | paddr) & ~PAGE_MASK ||
	    iova + pgcount * PAGE_SIZE > (1ull << MOCK_VASZ) ||
	    iova + pgcount * PAGE_SIZE < iova)
		return -EINVAL;
	for (n = 0; n < pgcount; n++, iova += PAGE_SIZE, paddr += PAGE_SIZE) {
		u64 *table = md->top;
		int level;

		for (level = MOCK_PT_LEVELS - 1; level > 0; level--) {
			u64 *pte = &table[pt_index(iova, level)];

			if (!(*pte & MOCK_PTE_PRESENT)) {
				u64 *child = table_alloc();

				if (!child)
					return -ENOMEM;
				*pte = virt_to_phys(child) | MOCK_PTE_PRESENT;
				md->nr_tables++;
			}
			table = phys_to_virt(*pte & MOCK_PTE_ADDR);
		}
		table[pt_index(iova, 0)] = paddr | MOCK_PTE_PRESENT |
					   (prot & IOMMU_WRITE ? MOCK_PTE_WRITE : 0);
		*mapped += PAGE_SIZE;
	}
	return 0;
}

static phys_addr_t mock_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	struct mock_domain *md = to_mock_domain(domain);
	u64 *table = md->top;
	int level;

	if (iova >= (1ull << MOCK_VASZ))
		return 0;
	for (level = MOCK_PT_LEVELS - 1; level > 0; level--) {
		u64 pte = table[pt_index(iova, level)];

		if (!(pte & MOCK_PTE_PRESENT))
			return 0;
		table = phys_to_virt(pte & MOCK_PTE_ADDR);
	}
	if (!(table[pt_index(iova, 0)] & MOCK_PTE_PRESENT))
		return 0;
	return (table[pt_index(iova, 0)] & MOCK_PTE_ADDR) | (iova & ~PAGE_MASK);
}

/* Preserve table pages one by one; remember how far we got. */
struct preserve_walk {
	unsigned long done;
	unsigned long limit;   /* for rollback: unpreserve this many */
};

static int preserve_table(u64 *table, void *arg)
{
	struct preserve_walk *pw = arg;
	int ret = kho_preserve_folio(virt_to_folio(table));

	if (!ret)
		pw->done++;
	return ret;
}

static int unpreserve_table(u64 *table, void *arg)
{
	struct preserve_walk *pw = arg;

	if (pw->done == pw->limit)
		return 1;
	kho_unpreserve_folio(virt_to_folio(table));
	pw->done++;
	return 0;
}

static int mock_domain_preserve(struct iommu_domain *domain,
				struct iommu_domain_ser *ser)
{
	struct mock_domain *md = to_mock_domain(domain);
	struct preserve_walk pw = { 0 }, undo = { 0 };
	int ret;

	if (driver_op_fails(LU_SITE_drv_domain_preserve, domain))
		return -EIO;
	ret = walk_tables(md->top, MOCK_PT_LEVELS - 1, preserve_table, &pw);
	if (ret) {
		undo.limit = pw.done + (LU_BUG(rollback_extra_unpreserve) ? 1 : 0);
		walk_tables(md->top, MOCK_PT_LEVELS - 1, unpreserve_table, &undo);
		return ret;
	}
	ser->top_table_phys = virt_to_phys(md->top);
	ser->top_level = MOCK_PT_LEVELS - 1;
	ser->vasz = MOCK_VASZ;
	return 0;
}

static void mock_domain_unpreserve(struct iommu_domain *domain,
				   struct iommu_domain_ser *ser)
{
	struct mock_domain *md = to_mock_domain(domain);
	struct preserve_walk undo = { .limit = ~0ul };

	walk_tables(md->top, MOCK_PT_LEVELS - 1, unpreserve_table, &undo);
}

/* Take back a table and, below it, every table it points to. */
static u64 *restore_tables(phys_addr_t phys, int level, unsigned long *count)
{
	struct folio *folio = kho_restore_folio(phys);
	u64 *table, *child;
	int i, j;

	if (!folio)
		return NULL;
	table = folio_address(folio);
	(*count)++;
	for (i = 0; level > 0 && i < MOCK_PT_ENTRIES; i++) {
		if (!(table[i] & MOCK_PTE_PRESENT))
			continue;
		child = restore_tables(table[i] & MOCK_PTE_ADDR, level - 1, count);
		if (child)
			continue;
		for (j = 0; j < i; j++)
			if (table[j] & MOCK_PTE_PRESENT)
				free_tables(phys_to_virt(table[j] & MOCK_PTE_ADDR),
					    level - 1);
		folio_put(folio);
		return NULL;
	}
	return table;
}

static int mock_domain_restore(struct iommu_domain *domain,
			       struct iommu_domain_ser *ser)
{
	struct mock_domain *md = to_mock_domain(domain);
	unsigned long count = 0;
	u64 *top;

	if (driver_op_fails(LU_SITE_drv_domain_restore, domain))
		return -EIO;
	if (ser->top_level != MOCK_PT_LEVELS - 1 || ser->vasz != MOCK_VASZ)
		return -EINVAL;
	top = restore_tables(ser->top_table_phys, MOCK_PT_LEVELS - 1, &count);
	if (!top)
		return -ENOENT;
	free_tables(md->top, MOCK_PT_LEVELS - 1);
	md->top = top;
	md->nr_tables = count;
	return 0;
}

const struct iommu_domain_ops mock_domain_ops = {
	.free = mock_domain_free,
	.map_pages = mock_map_pages,
	.iova_to_phys = mock_iova_to_phys,
	.preserve = mock_domain_preserve,
	.unpreserve = mock_domain_unpreserve,
	.restore = mock_domain_restore,
};

/* A domain of a driver without live-update support. */
const struct iommu_domain_ops mock_domain_ops_no_lu = {
	.free = mock_domain_free,
	.map_pages = mock_map_pages,
	.iova_to_phys = mock_iova_to_phys,
};

static int mock_pt_preserve(struct pt_iommu *pt, struct iommu_domain_ser *ser)
{
	return mock_domain_preserve(&pt->domain, ser);
}

static void mock_pt_unpreserve(struct pt_iommu *pt, struct iommu_domain_ser *ser)
{
	mock_domain_unpreserve(&pt->domain, ser);
}

static int mock_pt_restore(struct pt_iommu *pt, struct iommu_domain_ser *ser)
{
	return mock_domain_restore(&pt->domain, ser);
}

/* The same ops, reached through the generic page table. */
const struct pt_iommu_ops mock_pt_ops = {
	.preserve = mock_pt_preserve,
	.unpreserve = mock_pt_unpreserve,
	.restore = mock_pt_restore,
};

/* A page-table format without live-update support. */
const struct pt_iommu_ops mock_pt_ops_no_lu = {
};

struct mock_domain *mock_domain_alloc(bool live_update)
{
	struct mock_domain *md = kzalloc(sizeof(*md), GFP_KERNEL);

	if (!md)
		return ERR_PTR(-ENOMEM);
	md->top = table_alloc();
	if (!md->top) {
		kfree(md);
		return ERR_PTR(-ENOMEM);
	}
	md->nr_tables = 1;
	md->id = ++lu_cur->iommu.next_domain_id;
	md->domain.type = IOMMU_DOMAIN_PAGING;
	md->domain.ops = live_update ? &mock_domain_ops : &mock_domain_ops_no_lu;
	md->domain.is_iommupt = true;
	md->iommu.ops = live_update ? &mock_pt_ops : &mock_pt_ops_no_lu;
	return md;
}

static struct iommu_domain *mock_domain_alloc_paging(struct device *dev)
{
	struct mock_domain *md = mock_domain_alloc(true);

	return IS_ERR(md) ? ERR_CAST(md) : &md->domain;
}

static int mock_preserve_device(struct device *dev, struct iommu_device_ser *ser)
{
	struct mock_pci_dev *mdev = container_of(to_pci_dev(dev),
						 struct mock_pci_dev, pdev);

	if (driver_op_fails(LU_SITE_drv_device_preserve, dev))
		return -EIO;
	ser->domain_iommu_ser.attachment_id =
		mdev->domain ? to_mock_domain(mdev->domain)->id : 0;
	return 0;
}

static void mock_unpreserve_device(struct device *dev, struct iommu_device_ser *ser)
{
}

static int mock_iommu_preserve(struct iommu_device *iommu, struct iommu_hw_ser *ser)
{
	struct mock_iommu *mi = container_of(iommu, struct mock_iommu, iommu);
	int ret;

	if (driver_op_fails(LU_SITE_drv_iommu_preserve, iommu))
		return -EIO;
	ret = kho_preserve_folio(virt_to_folio(mi->root));
	if (ret)
		return ret;
	ser->token = mi->token;
	ser->type = MOCK_IOMMU_TYPE;
	return 0;
}

static void mock_iommu_unpreserve(struct iommu_device *iommu, struct iommu_hw_ser *ser)
{
	struct mock_iommu *mi = container_of(iommu, struct mock_iommu, iommu);

	kho_unpreserve_folio(virt_to_folio(mi->root));
}

const struct iommu_ops mock_iommu_ops = {
	.domain_alloc_paging = mock_domain_alloc_paging,
	.preserve_device = mock_preserve_device,
	.unpreserve_device = mock_unpreserve_device,
	.preserve = mock_iommu_preserve,
	.unpreserve = mock_iommu_unpreserve,
};

int mock_iommu_init(struct mock_iommu *mi, u64 token)
{
	mi->iommu.ops = &mock_iommu_ops;
	mi->iommu.outgoing_preserved_state = NULL;
	mi->token = token;
	mi->root = table_alloc();
	if (!mi->root)
		return -ENOMEM;
	mi->hw_root_phys = virt_to_phys(mi->root);
	return 0;
}

/*
 * Early boot of the next kernel: if the previous kernel preserved this
 * unit, keep using the root table the hardware still points at.
 */
int mock_iommu_restore(struct mock_iommu *mi)
{
	struct iommu_hw_ser *ser = lu_series_unit_lookup(mi->token, MOCK_IOMMU_TYPE);
	struct folio *folio;

	if (!ser)
		return -ENOENT;
	folio = kho_restore_folio(mi->hw_root_phys);
	if (!folio)
		return -ENOENT;
	if (mi->root)
		free_page((unsigned long)mi->root);
	mi->root = folio_address(folio);
	return 0;
}

void mock_pci_dev_init(struct mock_pci_dev *md, struct mock_iommu *mi,
		       int segment, u16 bdf)
{
	md->bus.domain_nr = segment;
	md->bus.number = bdf >> 8;
	md->pdev.bus = &md->bus;
	md->pdev.devfn = bdf & 0xff;
	md->pdev.dev.lu_is_pci = true;
	md->pdev.dev.iommu = &md->dev_iommu;
	md->pdev.dev.iommu_group = &md->group;
	md->dev_iommu.iommu_dev = &mi->iommu;
	md->dev_iommu.device_ser = NULL;
	md->group.owner_cnt = 0;
	md->domain = NULL;
}

/* Attach and claim DMA ownership, as iommufd does for a bound device. */
int mock_attach(struct mock_pci_dev *md, struct iommu_domain *domain)
{
	md->domain = domain;
	md->group.owner_cnt = 1;
	return 0;
}

struct iommu_domain *iommu_paging_domain_alloc(struct device *dev)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);

	if (!ops->domain_alloc_paging)
		return ERR_PTR(-EOPNOTSUPP);
	return ops->domain_alloc_paging(dev);
}

void iommu_domain_free(struct iommu_domain *domain)
{
	domain->ops->free(domain);
}
