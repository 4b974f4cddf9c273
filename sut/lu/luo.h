/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LUO internals the facade drives: per-world FLB state, the file layer
 * (preserve, unpreserve, reboot, retrieve, finish) and kexec hand-over.
 * Kernel code sees only <linux/liveupdate.h>.
 */
#ifndef LU_LUO_H
#define LU_LUO_H

#include <linux/liveupdate.h>
#include <linux/mutex.h>

#ifdef __cplusplus
extern "C" {
#endif

struct luo_flb_side {
	long count;
	u64 data;
	void *obj;
	struct mutex lock;
	bool retrieved;
	bool finished;
};

struct luo_flb_state {
	struct liveupdate_flb *flb;
	struct liveupdate_file_handler *fh;
	struct luo_flb_side out, in;
	bool has_incoming;     /* the previous kernel serialised this FLB */
	u64 ser_data;          /* written at reboot */
	long ser_count;
};

enum luo_file_state {
	LUO_FILE_OPEN,         /* not preserved */
	LUO_FILE_PRESERVED,
	LUO_FILE_FROZEN,       /* reboot in progress */
	LUO_FILE_INCOMING,     /* next kernel: not retrieved yet */
	LUO_FILE_RETRIEVED,
	LUO_FILE_FINISHED,
	LUO_FILE_GONE,         /* not preserved across the kexec */
};

struct luo_file {
	struct liveupdate_file_handler *fh;
	struct file file;
	u64 serialized_data;
	void *private_data;
	enum luo_file_state state;
	int retrieve_status;   /* a failed retrieve is remembered */
};

struct luo_flb_state *luo_flb_find(struct liveupdate_flb *flb);
/* The session's mutex: file operations of one session are serialised. */
void luo_session_lock(void);
void luo_session_unlock(void);
int luo_file_preserve(struct luo_file *lf);
int luo_file_unpreserve(struct luo_file *lf);
int luo_reboot(struct luo_file **files, unsigned int nr);
void luo_kexec(struct luo_file **files, unsigned int nr);
int luo_file_retrieve(struct luo_file *lf);
int luo_file_finish(struct luo_file *lf);

/* FLB side of the file layer (luo_flb.c). */
int luo_flb_file_preserve(struct liveupdate_file_handler *fh);
void luo_flb_file_unpreserve(struct liveupdate_file_handler *fh);
void luo_flb_file_finish(struct liveupdate_file_handler *fh);
void luo_flb_serialize(void);
void luo_flb_kexec(void);

#ifdef __cplusplus
}
#endif

#endif /* LU_LUO_H */
