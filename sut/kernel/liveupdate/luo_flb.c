// SPDX-License-Identifier: GPL-2.0
/*
 * FLBs: objects shared by all preserved files of a handler. The first
 * preserved file creates the outgoing object (preserve), the last one gone
 * destroys it (unpreserve); across kexec its data handle and file count
 * travel, the next kernel rebuilds it on first use (retrieve) and tears it
 * down when its last file finishes (finish).
 */
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/errno.h>
#include <lu/luo.h>
#include <lu/world.h>

static bool gen_a(void)
{
	return LU_BUG(luo_gen_a);
}

struct luo_flb_state *luo_flb_find(struct liveupdate_flb *flb)
{
	struct lu_world *w = lu_cur;
	unsigned int i;

	for (i = 0; i < w->nr_flbs; i++)
		if (w->flbs[i]->flb == flb)
			return w->flbs[i];
	return NULL;
}

bool liveupdate_enabled(void)
{
	return lu_cur->kho_enabled;
}

int liveupdate_register_flb(struct liveupdate_file_handler *fh,
			    struct liveupdate_flb *flb)
{
	struct lu_world *w = lu_cur;
	const struct liveupdate_flb_ops *ops = flb->ops;
	struct luo_flb_state *st;
	unsigned int i;

	if (!liveupdate_enabled())
		return -EOPNOTSUPP;
	if (!fh || !ops || !ops->preserve || !ops->unpreserve ||
	    !ops->retrieve || !ops->finish || !flb->compatible)
		return -EINVAL;
	for (i = 0; i < w->nr_flbs; i++) {
		if (w->flbs[i]->flb == flb ||
		    !strcmp(w->flbs[i]->flb->compatible, flb->compatible))
			return -EEXIST;
	}
	if (w->nr_flbs == LU_MAX_FLBS)
		return -ENOSPC;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->flb = flb;
	st->fh = fh;
	mutex_init(&st->out.lock);
	mutex_init(&st->in.lock);
	w->flbs[w->nr_flbs++] = st;
	return 0;
}

/*
 * Remove @flb from @fh. The kernel refuses while the FLB has outgoing or
 * incoming users; here that is a warning and the FLB stays registered.
 */
void liveupdate_unregister_flb(struct liveupdate_file_handler *fh,
			       struct liveupdate_flb *flb)
{
	struct lu_world *w = lu_cur;
	unsigned int i;

	for (i = 0; i < w->nr_flbs; i++) {
		struct luo_flb_state *st = w->flbs[i];

		if (st->flb != flb || st->fh != fh)
			continue;
		if (WARN_ON(st->out.count || st->in.count))
			return;
		mutex_destroy(&st->out.lock);
		mutex_destroy(&st->in.lock);
		free(st);
		w->nr_flbs--;
		memmove(&w->flbs[i], &w->flbs[i + 1],
			(w->nr_flbs - i) * sizeof(w->flbs[0]));
		return;
	}
	WARN_ON(1);
}

static void drop_outgoing_locked(struct luo_flb_state *st)
{
	struct liveupdate_flb_op_args args = { .flb = st->flb };

	if (WARN(st->out.count <= 0, "unbalanced outgoing put of FLB %s",
		 st->flb->compatible))
		return;
	if (--st->out.count)
		return;
	args.data = st->out.data;
	args.obj = st->out.obj;
	st->flb->ops->unpreserve(&args);
	st->out.data = 0;
	st->out.obj = NULL;
}

int luo_flb_file_preserve(struct liveupdate_file_handler *fh)
{
	struct lu_world *w = lu_cur;
	unsigned int i, done;
	int err = 0;

	for (i = 0; i < w->nr_flbs; i++) {
		struct luo_flb_state *st = w->flbs[i];
		struct liveupdate_flb_op_args args = { .flb = st->flb };

		if (st->fh != fh)
			continue;
		mutex_lock(&st->out.lock);
		if (!st->out.count) {
			err = st->flb->ops->preserve(&args);
			if (!err) {
				st->out.data = args.data;
				st->out.obj = args.obj;
			}
		}
		if (!err)
			st->out.count++;
		mutex_unlock(&st->out.lock);
		if (err)
			break;
	}
	if (!err)
		return 0;
	for (done = i; done-- > 0;) {
		struct luo_flb_state *st = w->flbs[done];

		if (st->fh != fh)
			continue;
		mutex_lock(&st->out.lock);
		drop_outgoing_locked(st);
		mutex_unlock(&st->out.lock);
	}
	return err;
}

void luo_flb_file_unpreserve(struct liveupdate_file_handler *fh)
{
	struct lu_world *w = lu_cur;
	unsigned int i;

	for (i = w->nr_flbs; i-- > 0;) {
		struct luo_flb_state *st = w->flbs[i];

		if (st->fh != fh)
			continue;
		mutex_lock(&st->out.lock);
		drop_outgoing_locked(st);
		mutex_unlock(&st->out.lock);
	}
}

int liveupdate_flb_get_outgoing(struct liveupdate_flb *flb, void **objp)
{
	struct luo_flb_state *st;

	lu_sched_point(LU_SCHED_flb_get, flb);
	st = luo_flb_find(flb);
	if (!st)
		return -ENOENT;
	mutex_lock(&st->out.lock);
	if (!gen_a()) {
		if (!st->out.obj) {
			mutex_unlock(&st->out.lock);
			return -ENOENT;
		}
		st->out.count++;
	}
	*objp = st->out.obj;
	mutex_unlock(&st->out.lock);
	return 0;
}

void liveupdate_flb_put_outgoing(struct liveupdate_flb *flb)
{
	struct luo_flb_state *st;

	lu_sched_point(LU_SCHED_flb_put, flb);
	st = luo_flb_find(flb);
	if (gen_a() || WARN_ON(!st))
		return;
	mutex_lock(&st->out.lock);
	drop_outgoing_locked(st);
	mutex_unlock(&st->out.lock);
}

void luo_flb_serialize(void)
{
	struct lu_world *w = lu_cur;
	unsigned int i;

	for (i = 0; i < w->nr_flbs; i++) {
		struct luo_flb_state *st = w->flbs[i];

		st->ser_count = st->out.count;
		st->ser_data = st->out.count ? st->out.data : 0;
	}
}

/* The next kernel registers the same FLBs and finds the serialised table. */
void luo_flb_kexec(void)
{
	struct lu_world *w = lu_cur;
	unsigned int i;

	for (i = 0; i < w->nr_flbs; i++) {
		struct luo_flb_state *st = w->flbs[i];

		memset(&st->out, 0, sizeof(st->out));
		memset(&st->in, 0, sizeof(st->in));
		mutex_init(&st->out.lock);
		mutex_init(&st->in.lock);
		st->has_incoming = st->ser_count > 0;
		st->in.count = st->ser_count;
		st->in.data = st->ser_data;
		st->ser_count = 0;
		st->ser_data = 0;
	}
}

static int retrieve_locked(struct luo_flb_state *st)
{
	struct liveupdate_flb_op_args args = { .flb = st->flb, .data = st->in.data };
	int err;

	if (st->in.retrieved)
		return 0;
	err = st->flb->ops->retrieve(&args);
	if (err)
		return err;
	st->in.obj = args.obj;
	st->in.retrieved = true;
	return 0;
}

static void finish_locked(struct luo_flb_state *st)
{
	struct liveupdate_flb_op_args args = { .flb = st->flb, .obj = st->in.obj };

	if (st->in.retrieved)
		st->flb->ops->finish(&args);
	st->in.obj = NULL;
	st->in.retrieved = false;
	st->in.finished = true;
}

int liveupdate_flb_get_incoming(struct liveupdate_flb *flb, void **objp)
{
	struct lu_world *w = lu_cur;
	struct luo_flb_state *st;
	bool any = false;
	unsigned int i;
	int err;

	lu_sched_point(LU_SCHED_flb_get, flb);
	for (i = 0; i < w->nr_flbs; i++)
		any |= w->flbs[i]->has_incoming;
	if (!any)
		return -ENODATA;
	st = luo_flb_find(flb);
	if (!st || !st->has_incoming)
		return -ENOENT;
	mutex_lock(&st->in.lock);
	if (st->in.finished) {
		mutex_unlock(&st->in.lock);
		return -ENODATA;
	}
	err = retrieve_locked(st);
	if (!err) {
		st->in.count++;
		*objp = st->in.obj;
	}
	mutex_unlock(&st->in.lock);
	return err;
}

void liveupdate_flb_put_incoming(struct liveupdate_flb *flb)
{
	struct luo_flb_state *st;

	lu_sched_point(LU_SCHED_flb_put, flb);
	st = luo_flb_find(flb);
	if (WARN_ON(!st))
		return;
	mutex_lock(&st->in.lock);
	if (!WARN(st->in.count <= 0, "unbalanced incoming put of FLB %s",
		  flb->compatible) &&
	    !--st->in.count)
		finish_locked(st);
	mutex_unlock(&st->in.lock);
}

/* A dependent file finished in the next kernel. */
void luo_flb_file_finish(struct liveupdate_file_handler *fh)
{
	struct lu_world *w = lu_cur;
	unsigned int i;

	for (i = w->nr_flbs; i-- > 0;) {
		struct luo_flb_state *st = w->flbs[i];

		if (st->fh != fh || !st->has_incoming)
			continue;
		mutex_lock(&st->in.lock);
		if (!st->in.finished &&
		    !WARN(st->in.count <= 0, "FLB %s finished too often",
			  st->flb->compatible) &&
		    !--st->in.count) {
			retrieve_locked(st);
			finish_locked(st);
		}
		mutex_unlock(&st->in.lock);
	}
}
