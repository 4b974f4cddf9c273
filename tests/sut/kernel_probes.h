// Probes that call kernel functions of the port directly, to show that the
// KHO ledger, the direct map, the mutexes and the slab report misuse the real
// kernel lets pass. Each runs inside lu_world_enter() with a struct lu_op_args.
#pragma once

#include <lu/facade.h>

#ifdef __cplusplus
extern "C" {
#endif

int probe_double_preserve(void *arg);        // preserve one folio twice
int probe_unpreserve_unpreserved(void *arg); // unpreserve a folio never preserved
int probe_unpreserve_wrong_order(void *arg); // preserve order 1, unpreserve order 0
int probe_alloc_preserve(void *arg);         // out: phys of a preserved page (x: size)
int probe_alloc_plain(void *arg);            // out: phys of an unpreserved page
int probe_alloc_errors(void *arg);           // size 0 and a huge size: ERR_PTR, never NULL
int probe_restore(void *arg);                // restore x; out: 1 when a folio came back
int probe_phys_to_virt(void *arg);           // phys_to_virt(x); out: 1 when it returned
int probe_virt_to_phys(void *arg);           // virt_to_phys((void *)x)
int probe_recursive_lock(void *arg);
int probe_return_locked(void *arg);
int probe_assert_unheld(void *arg);
int probe_free_held_mutex(void *arg);
int probe_lock_destroyed(void *arg);
int probe_lock_null(void *arg);
int probe_kfree_twice(void *arg);
int probe_kzalloc(void *arg); // out: 1 when kzalloc returned memory
int probe_bug_on(void *arg);
int probe_warn_on(void *arg);        // out: 1 when execution went on after WARN_ON
int probe_unlock_foreign(void *arg); // task 1 locks, then (hooks) task 2 unlocks

#ifdef __cplusplus
}
#endif
