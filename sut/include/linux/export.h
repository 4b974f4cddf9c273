/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/export.h>: EXPORT_SYMBOL() and its GPL and
 * namespaced forms. There are no modules, so an export is a declaration.
 * Leaves out: the symbol table, namespaces, license checks.
 * Stricter: the exported symbol must already be declared (the kernel
 * fails later, at link or modpost time, when it is not).
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#define __LU_EXPORT(sym) extern __typeof__(sym) sym

#define EXPORT_SYMBOL(sym) __LU_EXPORT(sym)
#define EXPORT_SYMBOL_GPL(sym) __LU_EXPORT(sym)
#define EXPORT_SYMBOL_NS(sym, ns) __LU_EXPORT(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) __LU_EXPORT(sym)

#endif /* _LINUX_EXPORT_H */
