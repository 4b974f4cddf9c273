// SPDX-License-Identifier: GPL-2.0
/*
 * The iommufd-like file handler: what iommufd does with the series when
 * its file is preserved, unpreserved, retrieved and finished.
 */
#include <linux/bug.h>
#include <linux/iommu-liveupdate.h>
#include <lu/series.h>

#include "iommufd_lu.h"

static struct iommufd_lu_ctx *ctx_of(struct liveupdate_file_op_args *args)
{
	return args->file->private_data;
}

static int iommufd_lu_preserve(struct liveupdate_file_op_args *args)
{
	struct iommufd_lu_ctx *ctx = ctx_of(args);
	bool mine[IOMMUFD_LU_MAX_OBJS] = { 0 };
	unsigned int i;
	int ret = 0;

	mutex_lock(&ctx->lock);
	for (i = 0; i < ctx->nr_domains; i++) {
		struct iommu_domain *domain = ctx->domains[i];

		if (domain->preserved_state)
			continue;
		ret = lu_series_domain_preserve(domain);
		if (ret)
			break;
		mine[i] = true;
	}
	if (ret && !LU_BUG(rollback_partial))
		while (i-- > 0)
			if (mine[i])
				lu_series_domain_unpreserve(ctx->domains[i]);
	mutex_unlock(&ctx->lock);
	return ret;
}

static void iommufd_lu_unpreserve(struct liveupdate_file_op_args *args)
{
	struct iommufd_lu_ctx *ctx = ctx_of(args);
	unsigned int i;

	mutex_lock(&ctx->lock);
	for (i = ctx->nr_devs; i-- > 0;) {
		struct device *dev = ctx->devs[i];
		struct iommu_device_ser *ser = dev->iommu->device_ser;

		if (ser && !lu_series_dev_incoming(ser))
			lu_series_device_unpreserve(ctx->dev_domain[i], dev);
	}
	for (i = ctx->nr_domains; i-- > 0;)
		if (ctx->domains[i]->preserved_state)
			lu_series_domain_unpreserve(ctx->domains[i]);
	mutex_unlock(&ctx->lock);
}

static int iommufd_lu_retrieve(struct liveupdate_file_op_args *args)
{
	return 0;
}

static void iommufd_lu_finish(struct liveupdate_file_op_args *args)
{
}

static const struct liveupdate_file_ops iommufd_lu_ops = {
	.preserve = iommufd_lu_preserve,
	.unpreserve = iommufd_lu_unpreserve,
	.retrieve = iommufd_lu_retrieve,
	.finish = iommufd_lu_finish,
};

struct liveupdate_file_handler iommufd_lu_handler = {
	.ops = &iommufd_lu_ops,
	.compatible = "iommufd-lu",
};
