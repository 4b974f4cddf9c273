/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seeded bugs: named, runtime switches that put a real defect of an earlier
 * revision of the series, or a realistic mutation, back into the port.
 * One table; the bit numbers, names, sets and descriptions all derive from it.
 */
#ifndef LU_BUGS_H
#define LU_BUGS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * X(name, set, what it breaks). set: V2 for the real v2 defects, V1 for
 * defects fixed before v2, MUT for mutations, MODE for environment modes
 * that are not defects but that some defects need.
 */
#define LU_BUG_TABLE(X)                                                        \
	X(luo_gen_a, MODE,                                                     \
	  "LUO generation A: get_outgoing may return 0 with a NULL object; no outgoing put") \
	X(v2_double_preserve, V2,                                              \
	  "a second domain preserve is accepted and takes a second live slot")   \
	X(v2_null_flb_obj, V2,                                                 \
	  "no NULL check of the FLB object: preserve before any file locks NULL") \
	X(v2_device_unpreserve_live, V2,                                       \
	  "device unpreserve leaves its slot live for the next kernel")          \
	X(v2_double_device_preserve, V2,                                       \
	  "a device that already has a slot is preserved again")                 \
	X(v2_put_under_lock, V2,                                               \
	  "restore drops its incoming reference while holding the FLB lock")     \
	X(v2_restore_retry, V2,                                                \
	  "a failed domain restore is not remembered: a retry restores twice")  \
	X(v1_hw_publish_on_failure, V1,                                        \
	  "IOMMU unit back pointer set even when the driver preserve failed")    \
	X(v1_unpreserve_unpreserved, V1,                                       \
	  "unpreserve of a never-preserved domain dereferences NULL")            \
	X(alloc_null_test, MUT,                                                \
	  "kho_alloc_preserve result tested for NULL instead of IS_ERR")         \
	X(rollback_partial, MUT,                                               \
	  "a failed file preserve keeps the domains it preserved so far")        \
	X(rollback_extra_unpreserve, MUT,                                      \
	  "driver preserve rollback also unpreserves the page that failed")      \
	X(cap_gt, MUT,                                                         \
	  "chain capacity tested with > instead of >=: slot M written past the page") \
	X(max_objs_no_hdr, MUT,                                                \
	  "objects per page computed without the array header")                  \
	X(tail_not_advanced, MUT,                                              \
	  "a new chain page is linked but the tail pointer stays on the old one") \
	X(next_not_linked, MUT,                                                \
	  "a new chain page becomes the tail but is never linked")               \
	X(link_before_check, MUT,                                              \
	  "the next link is written before the allocation result is checked")    \
	X(virt_not_phys, MUT,                                                  \
	  "the next link holds a virtual address instead of a physical one")     \
	X(nr_preinc, MUT,                                                      \
	  "slot index taken after incrementing nr_objects")                      \
	X(nr_no_inc, MUT,                                                      \
	  "nr_objects never incremented: every allocation reuses one slot")      \
	X(no_ref_init, MUT,                                                    \
	  "a new slot's ref_count is left at 0")                                 \
	X(no_mark_deleted, MUT,                                                \
	  "a slot whose driver preserve failed is not marked deleted")           \
	X(iter_no_deleted_filter, MUT,                                         \
	  "the incoming iterator visits deleted entries")                        \
	X(iter_le, MUT,                                                        \
	  "the incoming iterator visits index nr_objects (one past the end)")    \
	X(no_clear_backptr, MUT,                                               \
	  "domain unpreserve keeps preserved_state: a second one unpreserves twice") \
	X(hw_unpreserve_early, MUT,                                            \
	  "an IOMMU unit entry is dropped at the first device unpreserve")       \
	X(hw_ref_leak, MUT,                                                    \
	  "a failed device preserve keeps its IOMMU unit reference")             \
	X(no_lock, MUT,                                                        \
	  "domain preserve allocates its slot without the FLB lock")             \
	X(unpreserve_free_before_next, MUT,                                    \
	  "FLB unpreserve frees a chain page before reading its next link")      \
	X(unpreserve_heads_only, MUT,                                          \
	  "FLB unpreserve releases only the head page of each chain")            \
	X(unpreserve_forget_ser, MUT,                                          \
	  "FLB unpreserve never releases the top-level page")                    \
	X(retrieve_heads_only, MUT,                                            \
	  "FLB retrieve restores only the head page of each chain")              \
	X(finish_double_put, MUT,                                              \
	  "FLB finish releases the head page of each chain twice")               \
	X(restore_no_cache, MUT,                                               \
	  "domain restore ignores restored_domain and restores the tables again") \
	X(luo_no_put, MUT,                                                     \
	  "domain preserve never drops its outgoing FLB reference")              \
	X(tail_read_before_lock, MUT,                                          \
	  "domain preserve reads the chain tail before taking the FLB lock")     \
	X(refcount_outside_lock, MUT,                                          \
	  "device unpreserve reads the unit refcount before taking the FLB lock") \
	X(finish_forget_ser, MUT,                                              \
	  "FLB finish never puts the top-level page: a frame leaks per live update")

enum lu_bug {
#define LU_BUG_ENUM(name, set, what) LU_BUG_##name,
	LU_BUG_TABLE(LU_BUG_ENUM)
#undef LU_BUG_ENUM
	LU_NR_BUGS
};

enum lu_bug_set { LU_SET_MODE, LU_SET_V1, LU_SET_V2, LU_SET_MUT };

struct lu_bug_info {
	const char *name;
	enum lu_bug_set set;
	const char *what;
};

extern const struct lu_bug_info lu_bug_info[LU_NR_BUGS];

/* Mask of the real v2 defects plus the modes they need. */
uint64_t lu_bug_set_v2(void);

/* Is @bug switched on in the running world? */
bool lu_bug_on(enum lu_bug bug);

#define LU_BUG(name) lu_bug_on(LU_BUG_##name)

#ifdef __cplusplus
}
#endif

#endif /* LU_BUGS_H */
