/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/io.h> / <asm/io.h>: virt_to_phys() and phys_to_virt()
 * of the direct map.
 * Leaves out: ioremap and MMIO accessors. Stricter: the direct map is a
 * table, not an offset: it covers only frames that hold data in the running
 * kernel (allocated, or preserved by the previous kernel), and it changes at
 * every kexec. Translating anything else (a heap pointer, an ERR_PTR, a
 * virtual address stored as physical, a frame lost at kexec) is reported as
 * a fatal memory event instead of silently reading garbage.
 */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>

phys_addr_t virt_to_phys(const volatile void *addr);
void *phys_to_virt(phys_addr_t phys);

#include <linux/alloc_tag.h>

#define virt_to_phys(addr) LU_FROM_CALLER_RET(virt_to_phys(addr))
#define phys_to_virt(phys) LU_FROM_CALLER_RET(phys_to_virt(phys))
#define __pa(x) virt_to_phys(x)
#define __va(x) phys_to_virt(x)

#endif /* _LINUX_IO_H */
