// SPDX-License-Identifier: GPL-2.0
/*
 * Kexec and the next kernel's operations: reboot (freeze, serialise),
 * the hand-over of memory and LUO state, re-probing the hardware, and the
 * restore paths (IOMMU units at early boot, devices at probe, files).
 */
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>
#include <linux/io.h>
#include <linux/iommu-liveupdate.h>
#include <linux/mutex.h>
#include <lu/facade.h>
#include <lu/luo.h>
#include <lu/series.h>

#include "../drivers/iommu/iommufd_lu.h"
#include "../drivers/iommu/mock_iommu.h"

/* The next kernel finds the same hardware and probes it afresh. */
static void reprobe(struct lu_sut *s)
{
	unsigned int i;

	s->w->faults_off = true;
	for (i = 0; i < s->nr_units; i++) {
		struct lu_unit *u = &s->units[i];

		memset(u->mi, 0, sizeof(*u->mi));
		mock_iommu_init(u->mi, u->token);
		u->mi->hw_root_phys = u->hw_root_phys;
		u->restored = false;
	}
	for (i = 0; i < s->nr_devs; i++) {
		struct lu_dev *v = &s->devs[i];

		mock_pci_dev_init(v->md, s->units[v->unit].mi, v->segment, v->bdf);
		v->domain = -1;
		v->file = -1;
		v->restored = NULL;
	}
	s->w->faults_off = false;
}

int lu_op_kexec(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct luo_file *files[LU_MAX_FILES];
	unsigned int i;
	int ret;

	for (i = 0; i < s->nr_files; i++)
		files[i] = s->files[i].lf;
	ret = luo_reboot(files, s->nr_files);
	if (ret)
		return ret;
	for (i = 0; i < s->nr_units; i++)
		s->units[i].hw_root_phys = virt_to_phys(s->units[i].mi->root);

	lu_kmem_free_all(s->w);
	lu_mem_kexec(&s->w->mem);
	s->w->boot++;
	luo_kexec(files, s->nr_files);

	for (i = 0; i < s->nr_doms; i++)
		s->doms[i].md = NULL;
	for (i = 0; i < s->nr_files; i++) {
		free(s->files[i].ctx);
		s->files[i].ctx = NULL;
		s->files[i].lf->file.private_data = NULL;
	}
	reprobe(s);
	return 0;
}

static int unit_restore_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	int ret;

	if (a->a < 0 || (unsigned int)a->a >= s->nr_units)
		return -EINVAL;
	if (s->units[a->a].restored)
		return -EBUSY;
	ret = mock_iommu_restore(s->units[a->a].mi);
	s->units[a->a].restored = !ret;
	return ret;
}

static int dev_restore_locked(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct iommu_device_ser *ser;
	struct iommu_domain *domain;
	struct lu_dev *v;

	if (a->a < 0 || (unsigned int)a->a >= s->nr_devs)
		return -EINVAL;
	v = &s->devs[a->a];
	if (v->restored || v->domain >= 0)
		return -EBUSY;
	ser = lu_series_device_lookup(&v->md->pdev.dev);
	if (!ser)
		return -ENOENT;
	/* The iommu core keeps the entry it found as the device's state. */
	v->md->dev_iommu.device_ser = ser;
	domain = lu_series_domain_restore(&v->md->pdev.dev, ser);
	if (IS_ERR(domain))
		return PTR_ERR(domain);
	v->restored = domain;
	return mock_attach(v->md, domain);
}

/* Run @fn under the probe lock of @lock's object, as the driver core does. */
static int under(struct mutex *lock, int (*fn)(void *), void *arg)
{
	int ret;

	mutex_lock(lock);
	ret = fn(arg);
	mutex_unlock(lock);
	return ret;
}

int lu_op_unit_restore(void *arg)
{
	struct lu_op_args *a = arg;

	if (a->a < 0 || (unsigned int)a->a >= a->s->nr_units)
		return -EINVAL;
	return under(a->s->units[a->a].probe_lock, unit_restore_locked, arg);
}

int lu_op_dev_restore(void *arg)
{
	struct lu_op_args *a = arg;

	if (a->a < 0 || (unsigned int)a->a >= a->s->nr_devs)
		return -EINVAL;
	return under(a->s->devs[a->a].probe_lock, dev_restore_locked, arg);
}

static struct luo_file *incoming_file(struct lu_sut *s, int f)
{
	if (f < 0 || (unsigned int)f >= s->nr_files)
		return NULL;
	return s->files[f].lf;
}

/* @op on file a->a under the LUO session's mutex. */
static int session_op(struct lu_op_args *a, int (*op)(struct luo_file *lf))
{
	struct luo_file *lf = incoming_file(a->s, a->a);
	int ret;

	if (!lf)
		return -EINVAL;
	luo_session_lock();
	ret = op(lf);
	luo_session_unlock();
	return ret;
}

int lu_op_file_retrieve(void *arg)
{
	return session_op(arg, luo_file_retrieve);
}

int lu_op_file_finish(void *arg)
{
	return session_op(arg, luo_file_finish);
}

int lu_op_dev_translate(void *arg)
{
	struct lu_op_args *a = arg;
	struct lu_sut *s = a->s;
	struct iommu_domain *domain;

	if (a->a < 0 || (unsigned int)a->a >= s->nr_devs)
		return -EINVAL;
	domain = s->devs[a->a].md->domain;
	if (!domain)
		return -ENODEV;
	a->out = domain->ops->iova_to_phys(domain, a->x);
	return 0;
}
