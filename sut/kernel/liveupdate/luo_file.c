// SPDX-License-Identifier: GPL-2.0
/*
 * The file layer of LUO, reduced to one implicit session: preserving and
 * unpreserving a file (with its handler's FLBs first and last), freezing
 * at reboot, and retrieve / finish in the next kernel.
 */
#include <stdlib.h>

#include <linux/errno.h>
#include <lu/luo.h>
#include <lu/world.h>

static struct mutex *session_mutex(void)
{
	struct lu_world *w = lu_cur;

	if (!w->luo_session_lock) {
		w->luo_session_lock = calloc(1, sizeof(*w->luo_session_lock));
		if (!w->luo_session_lock)
			lu_fatal(LU_EV_mem, "host out of memory (LUO session)");
		mutex_init(w->luo_session_lock);
	}
	return w->luo_session_lock;
}

void luo_session_lock(void)
{
	mutex_lock(session_mutex());
}

void luo_session_unlock(void)
{
	mutex_unlock(session_mutex());
}

static void file_args(struct luo_file *lf, struct liveupdate_file_op_args *args)
{
	*args = (struct liveupdate_file_op_args){
		.handler = lf->fh,
		.retrieve_status = lf->retrieve_status,
		.file = &lf->file,
		.serialized_data = lf->serialized_data,
		.private_data = lf->private_data,
	};
}

int luo_file_preserve(struct luo_file *lf)
{
	const struct liveupdate_file_ops *ops = lf->fh->ops;
	struct liveupdate_file_op_args args;
	int err;

	if (lf->state != LUO_FILE_OPEN)
		return -EBUSY;
	if (ops->can_preserve && !ops->can_preserve(lf->fh, &lf->file))
		return -ENOENT;
	err = luo_flb_file_preserve(lf->fh);
	if (err)
		return err;
	file_args(lf, &args);
	err = ops->preserve(&args);
	if (err) {
		luo_flb_file_unpreserve(lf->fh);
		return err;
	}
	lf->serialized_data = args.serialized_data;
	lf->private_data = args.private_data;
	lf->state = LUO_FILE_PRESERVED;
	return 0;
}

int luo_file_unpreserve(struct luo_file *lf)
{
	struct liveupdate_file_op_args args;

	if (lf->state != LUO_FILE_PRESERVED)
		return -ENOENT;
	file_args(lf, &args);
	lf->fh->ops->unpreserve(&args);
	luo_flb_file_unpreserve(lf->fh);
	lf->serialized_data = 0;
	lf->state = LUO_FILE_OPEN;
	return 0;
}

/* Freeze every preserved file in order; undo on the first failure. */
int luo_reboot(struct luo_file **files, unsigned int nr)
{
	struct liveupdate_file_op_args args;
	unsigned int i;
	int err = 0;

	for (i = 0; i < nr; i++) {
		struct luo_file *lf = files[i];

		if (lf->state != LUO_FILE_PRESERVED)
			continue;
		if (lf->fh->ops->freeze) {
			file_args(lf, &args);
			err = lf->fh->ops->freeze(&args);
			if (err)
				break;
			lf->serialized_data = args.serialized_data;
		}
		lf->state = LUO_FILE_FROZEN;
	}
	if (err) {
		while (i-- > 0) {
			struct luo_file *lf = files[i];

			if (lf->state != LUO_FILE_FROZEN)
				continue;
			if (lf->fh->ops->unfreeze) {
				file_args(lf, &args);
				lf->fh->ops->unfreeze(&args);
			}
			lf->state = LUO_FILE_PRESERVED;
		}
		return err;
	}
	luo_flb_serialize();
	return 0;
}

void luo_kexec(struct luo_file **files, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct luo_file *lf = files[i];

		lf->private_data = NULL;
		lf->retrieve_status = 0;
		if (lf->state == LUO_FILE_FROZEN) {
			lf->state = LUO_FILE_INCOMING;
		} else {
			lf->state = LUO_FILE_GONE;
			lf->serialized_data = 0;
		}
	}
	luo_flb_kexec();
}

int luo_file_retrieve(struct luo_file *lf)
{
	struct liveupdate_file_op_args args;
	int err;

	if (lf->state == LUO_FILE_RETRIEVED)
		return 0;
	if (lf->state != LUO_FILE_INCOMING)
		return -ENOENT;
	if (lf->retrieve_status)
		return lf->retrieve_status;
	file_args(lf, &args);
	err = lf->fh->ops->retrieve(&args);
	if (err) {
		lf->retrieve_status = err;
		return err;
	}
	lf->private_data = args.private_data;
	lf->state = LUO_FILE_RETRIEVED;
	return 0;
}

int luo_file_finish(struct luo_file *lf)
{
	const struct liveupdate_file_ops *ops = lf->fh->ops;
	struct liveupdate_file_op_args args;

	if (lf->state != LUO_FILE_RETRIEVED && lf->state != LUO_FILE_INCOMING)
		return -ENOENT;
	file_args(lf, &args);
	if (ops->can_finish && !ops->can_finish(&args))
		return -EBUSY;
	ops->finish(&args);
	luo_flb_file_finish(lf->fh);
	lf->state = LUO_FILE_FINISHED;
	return 0;
}
