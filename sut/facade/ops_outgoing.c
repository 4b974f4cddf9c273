// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's object tables and the operations of a running kernel:
 * hardware (IOMMU units, PCI devices), iommufd-like files and their
 * domains, and the preserve / unpreserve calls into the series.
 */
#include <stdlib.h>

#include <linux/err.h>
#include <linux/iommu-liveupdate.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <lu/facade.h>
#include <lu/luo.h>
#include <lu/series.h>

#include "../drivers/iommu/iommufd_lu.h"
#include "../drivers/iommu/mock_iommu.h"

#define UNIT_TOKEN_BASE 0xfed90000ull

static int register_flb(void *arg)
{
	return lu_series_register_flb(&iommufd_lu_handler);
}

struct lu_sut *lu_sut_create(uint64_t bugs)
{
	struct lu_sut *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->w = lu_world_create(bugs);
	if (!s->w || lu_world_enter(s->w, register_flb, NULL)) {
		lu_sut_destroy(s);
		return NULL;
	}
	return s;
}

void lu_sut_destroy(struct lu_sut *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < s->nr_units; i++) {
		free(s->units[i].mi);
		free(s->units[i].probe_lock);
	}
	for (i = 0; i < s->nr_devs; i++) {
		free(s->devs[i].md);
		free(s->devs[i].probe_lock);
	}
	for (i = 0; i < s->nr_files; i++) {
		free(s->files[i].lf);
		free(s->files[i].ctx);
	}
	free(s->doms);
	lu_world_destroy(s->w);
	free(s);
}

static struct lu_dom *dom_get(struct lu_sut *s, int d)
{
	if (d < 0 || (unsigned int)d >= s->nr_doms || !s->doms[d].md)
		return NULL;
	return &s->doms[d];
}

static struct lu_dev *dev_get(struct lu_sut *s, int v)
{
	if (v < 0 || (unsigned int)v >= s->nr_devs)
		return NULL;
	return &s->devs[v];
}

static struct lu_fil *file_get(struct lu_sut *s, int f)
{
	if (f < 0 || (unsigned int)f >= s->nr_files)
		return NULL;
	return &s->files[f];
}

/* The iommufd lock of the file that owns domain @d (NULL: none). */
static struct mutex *ctx_lock(struct lu_sut *s, int d)
{
	struct lu_dom *dom = dom_get(s, d);

	return dom && s->files[dom->file].ctx ? &s->files[dom->file].ctx->lock : NULL;
}

/* Run @fn under the iommufd lock that guards domain @d. */
static int under_ctx(struct lu_sut *s, int d, int (*fn)(void *), void *arg)
{
	struct mutex *lock = ctx_lock(s, d);
	int ret;

	if (!lock)
		return fn(arg);
	mutex_lock(lock);
	ret = fn(arg);
	mutex_unlock(lock);
	return ret;
}

uint64_t lu_map_target(int d, uint64_t iova)
{
	return (((uint64_t)d + 1) << MOCK_VASZ) + (iova & PAGE_MASK);
}

int lu_op_unit_add(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_unit *u;
	int ret;

	if (s->nr_units == LU_MAX_UNITS)
		return -ENOSPC;
	u = &s->units[s->nr_units];
	u->mi = calloc(1, sizeof(*u->mi));
	u->probe_lock = calloc(1, sizeof(*u->probe_lock));
	if (!u->mi || !u->probe_lock) {
		free(u->mi);
		free(u->probe_lock);
		u->mi = NULL;
		u->probe_lock = NULL;
		return -ENOMEM;
	}
	mutex_init(u->probe_lock);
	u->token = UNIT_TOKEN_BASE + s->nr_units * 0x1000ull;
	ret = mock_iommu_init(u->mi, u->token);
	if (ret) {
		mutex_destroy(u->probe_lock);
		free(u->mi);
		free(u->probe_lock);
		u->mi = NULL;
		u->probe_lock = NULL;
		return ret;
	}
	u->hw_root_phys = u->mi->hw_root_phys;
	return s->nr_units++;
}

int lu_op_dev_add(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_dev *v;
	unsigned int i;

	if (a->a < 0 || (unsigned int)a->a >= s->nr_units || a->b < 0 ||
	    a->b > 0xffff || a->c < 0 || a->c > 0xffff)
		return -EINVAL;
	for (i = 0; i < s->nr_devs; i++)
		if (s->devs[i].segment == a->b && s->devs[i].bdf == a->c)
			return -EEXIST;
	if (s->nr_devs == LU_MAX_DEVS)
		return -ENOSPC;
	v = &s->devs[s->nr_devs];
	v->md = calloc(1, sizeof(*v->md));
	v->probe_lock = calloc(1, sizeof(*v->probe_lock));
	if (!v->md || !v->probe_lock) {
		free(v->md);
		free(v->probe_lock);
		v->md = NULL;
		v->probe_lock = NULL;
		return -ENOMEM;
	}
	mutex_init(v->probe_lock);
	v->unit = a->a;
	v->segment = a->b;
	v->bdf = a->c;
	v->domain = -1;
	v->file = -1;
	mock_pci_dev_init(v->md, s->units[a->a].mi, v->segment, v->bdf);
	return s->nr_devs++;
}

int lu_op_file_open(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_fil *f;

	if (s->nr_files == LU_MAX_FILES)
		return -ENOSPC;
	f = &s->files[s->nr_files];
	f->lf = calloc(1, sizeof(*f->lf));
	f->ctx = calloc(1, sizeof(*f->ctx));
	if (!f->lf || !f->ctx) {
		free(f->lf);
		free(f->ctx);
		f->lf = NULL;
		f->ctx = NULL;
		return -ENOMEM;
	}
	mutex_init(&f->ctx->lock);
	f->lf->fh = &iommufd_lu_handler;
	f->lf->file.private_data = f->ctx;
	f->lf->private_data = f->ctx;
	f->lf->state = LUO_FILE_OPEN;
	return s->nr_files++;
}

int lu_op_domain_alloc(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_fil *f = file_get(s, a->a);
	struct mock_domain *md;
	struct lu_dom *doms;

	if (!f || !f->ctx || (f->lf->state != LUO_FILE_OPEN &&
			      f->lf->state != LUO_FILE_PRESERVED))
		return -EINVAL;
	if (s->nr_doms == LU_MAX_DOMAINS ||
	    f->ctx->nr_domains == IOMMUFD_LU_MAX_OBJS)
		return -ENOSPC;
	if (!(s->nr_doms & (s->nr_doms + 1))) {
		doms = realloc(s->doms, (s->nr_doms * 2 + 2) * sizeof(*doms));
		if (!doms)
			return -ENOMEM;
		s->doms = doms;
	}
	md = mock_domain_alloc(a->b);
	if (IS_ERR(md))
		return PTR_ERR(md);
	s->doms[s->nr_doms].md = md;
	s->doms[s->nr_doms].file = a->a;
	f->ctx->domains[f->ctx->nr_domains++] = &md->domain;
	return s->nr_doms++;
}

static int domain_map_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_dom *d = dom_get(a->s, a->a);
	size_t mapped;

	if (!d || !a->y || a->y > 4096)
		return -EINVAL;
	/* iommufd keeps a preserved domain's mappings frozen. */
	if (d->md->domain.preserved_state)
		return -EBUSY;
	return d->md->domain.ops->map_pages(&d->md->domain, a->x,
					    lu_map_target(a->a, a->x), PAGE_SIZE,
					    a->y, IOMMU_READ | IOMMU_WRITE,
					    GFP_KERNEL, &mapped);
}

static int domain_free_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_dom *d = dom_get(s, a->a);
	struct iommufd_lu_ctx *ctx;
	unsigned int i;

	if (!d)
		return -EINVAL;
	if (d->md->domain.preserved_state)
		return -EBUSY;
	for (i = 0; i < s->nr_devs; i++)
		if (s->devs[i].domain == a->a)
			return -EBUSY;
	ctx = s->files[d->file].ctx;
	for (i = 0; i < ctx->nr_domains; i++) {
		if (ctx->domains[i] == &d->md->domain) {
			ctx->domains[i] = ctx->domains[--ctx->nr_domains];
			break;
		}
	}
	iommu_domain_free(&d->md->domain);
	d->md = NULL;
	return 0;
}

static int dev_attach_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_dev *v = dev_get(s, a->a);
	struct lu_dom *d = dom_get(s, a->b);
	struct iommufd_lu_ctx *ctx;
	unsigned int i;

	if (!v || !d)
		return -EINVAL;
	if (v->md->dev_iommu.device_ser || v->restored)
		return -EBUSY;
	if (v->file >= 0 && v->file != d->file)
		return -EBUSY;
	ctx = s->files[d->file].ctx;
	for (i = 0; i < ctx->nr_devs; i++)
		if (ctx->devs[i] == &v->md->pdev.dev)
			break;
	if (i == ctx->nr_devs) {
		if (ctx->nr_devs == IOMMUFD_LU_MAX_OBJS)
			return -ENOSPC;
		ctx->devs[ctx->nr_devs++] = &v->md->pdev.dev;
	}
	ctx->dev_domain[i] = &d->md->domain;
	v->domain = a->b;
	v->file = d->file;
	return mock_attach(v->md, &d->md->domain);
}

static int domain_preserve_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_dom *d = dom_get(a->s, a->a);

	if (!d)
		return -EINVAL;
	return lu_series_domain_preserve(&d->md->domain);
}

/* A device preserved by this kernel (not one found after kexec). */
static bool dev_preserved_here(struct lu_dev *v)
{
	struct iommu_device_ser *ser = v->md->dev_iommu.device_ser;

	return ser && !lu_series_dev_incoming(ser);
}

static int domain_unpreserve_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct lu_dom *d = dom_get(s, a->a);
	unsigned int i;

	if (!d)
		return -EINVAL;
	/* iommufd refuses while a preserved device still uses the domain. */
	for (i = 0; i < s->nr_devs; i++)
		if (s->devs[i].domain == a->a && dev_preserved_here(&s->devs[i]))
			return -EBUSY;
	lu_series_domain_unpreserve(&d->md->domain);
	return 0;
}

static int dev_preserve_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_dev *v = dev_get(a->s, a->a);
	struct lu_dom *d = v ? dom_get(a->s, v->domain) : NULL;

	if (!d)
		return -EINVAL;
	return lu_series_device_preserve(&d->md->domain, &v->md->pdev.dev, &a->out);
}

static int dev_unpreserve_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_dev *v = dev_get(a->s, a->a);
	struct lu_dom *d = v ? dom_get(a->s, v->domain) : NULL;

	if (!d)
		return -EINVAL;
	lu_series_device_unpreserve(&d->md->domain, &v->md->pdev.dev);
	return 0;
}

int lu_op_file_preserve(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_fil *f = file_get(a->s, a->a);

	int ret;

	if (!f || !f->ctx)
		return -EINVAL;
	luo_session_lock();
	ret = luo_file_preserve(f->lf);
	luo_session_unlock();
	return ret;
}

/*
 * The last preserved file closes the session: whatever is still preserved
 * through the FLB is released first, devices before domains, so that the
 * FLB never goes away under a live slot.
 */
static void session_teardown(struct lu_sut *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_devs; i++) {
		struct lu_dev *v = &s->devs[i];
		struct lu_dom *d = dom_get(s, v->domain);

		if (d && dev_preserved_here(v)) {
			mutex_lock(ctx_lock(s, v->domain));
			lu_series_device_unpreserve(&d->md->domain, &v->md->pdev.dev);
			mutex_unlock(ctx_lock(s, v->domain));
		}
	}
	for (i = 0; i < s->nr_doms; i++) {
		if (s->doms[i].md && s->doms[i].md->domain.preserved_state) {
			mutex_lock(ctx_lock(s, (int)i));
			lu_series_domain_unpreserve(&s->doms[i].md->domain);
			mutex_unlock(ctx_lock(s, (int)i));
		}
	}
}

/*
 * Preserved files of the session. Not the FLB's outgoing count: under
 * generation B that also holds the temporary references of preservers
 * running in other threads, and a file unpreserve that took one of those
 * for another file would skip the teardown, leaving the FLB to go away
 * at that preserver's put under the slot it just filled.
 */
static unsigned int preserved_files(struct lu_sut *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nr_files; i++)
		n += s->files[i].lf && s->files[i].lf->state == LUO_FILE_PRESERVED;
	return n;
}

int lu_op_file_unpreserve(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_fil *f = file_get(a->s, a->a);
	int ret = -ENOENT;

	if (!f || !f->ctx)
		return -EINVAL;
	luo_session_lock();
	if (f->lf->state == LUO_FILE_PRESERVED) {
		if (preserved_files(a->s) == 1)
			session_teardown(a->s);
		ret = luo_file_unpreserve(f->lf);
	}
	luo_session_unlock();
	return ret;
}

int lu_op_translate(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_dom *d = dom_get(a->s, a->a);

	if (!d)
		return -EINVAL;
	a->out = d->md->domain.ops->iova_to_phys(&d->md->domain, a->x);
	return 0;
}

/*
 * The operations on a domain or a device run under the lock of the iommufd
 * that owns the domain (for a device: the domain it is attached to).
 */
static int dev_domain(struct lu_sut *s, int dev)
{
	struct lu_dev *v = dev_get(s, dev);

	return v ? v->domain : -1;
}

#define DEFINE_CTX_OP(_name, _domain)                                          \
	int lu_op_##_name(void *arg)                                           \
	{                                                                      \
		struct lu_op_args *a = arg;                                    \
									       \
		return under_ctx(a->s, _domain, _name##_locked, arg);          \
	}

DEFINE_CTX_OP(domain_map, a->a)
DEFINE_CTX_OP(domain_free, a->a)
DEFINE_CTX_OP(dev_attach, a->b)
DEFINE_CTX_OP(domain_preserve, a->a)
DEFINE_CTX_OP(domain_unpreserve, a->a)
DEFINE_CTX_OP(dev_preserve, dev_domain(a->s, a->a))
DEFINE_CTX_OP(dev_unpreserve, dev_domain(a->s, a->a))
