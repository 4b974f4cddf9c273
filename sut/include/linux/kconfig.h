/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/kconfig.h> and the generated autoconf.h: the
 * configuration of the simulated kernel, which has KHO, LUO, PCI and the
 * IOMMU core with live update built in, and IS_ENABLED() and friends to
 * test it. Headers that hide their API behind these options (the IOMMU
 * live-update header does) therefore offer the API, as in a kernel built
 * with them. Reached from <linux/compiler_types.h>.
 * Leaves out: every other option (all off), modules (no option is =m).
 * Stricter: nothing.
 */
#ifndef _LINUX_KCONFIG_H
#define _LINUX_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_PCI 1
#define CONFIG_IOMMU_API 1
#define CONFIG_KEXEC_HANDOVER 1
#define CONFIG_LIVEUPDATE 1
#define CONFIG_IOMMU_LIVEUPDATE 1

/*
 * IS_BUILTIN(CONFIG_X) is 1 when CONFIG_X is defined to 1, else 0, also in
 * #if: a defined option expands to "1", which selects a comma-carrying
 * argument list and so the 1 behind it.
 */
#define __LU_ARG_PLACEHOLDER_1 0,
#define __lu_take_second_arg(__ignored, val, ...) val
#define __lu_is_defined(x) ___lu_is_defined(x)
#define ___lu_is_defined(val) ____lu_is_defined(__LU_ARG_PLACEHOLDER_##val)
#define ____lu_is_defined(arg1_or_junk) \
	__lu_take_second_arg(arg1_or_junk 1, 0, 0)

#define IS_BUILTIN(option) __lu_is_defined(option)
#define IS_MODULE(option) 0
#define IS_REACHABLE(option) IS_BUILTIN(option)
#define IS_ENABLED(option) IS_BUILTIN(option)

#endif /* _LINUX_KCONFIG_H */
