/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/device.h> and <linux/dev_printk.h>: struct device
 * with the fields of the IOMMU core (its struct dev_iommu and its group),
 * and dev_err()/dev_warn()/dev_info()/dev_dbg().
 * Leaves out: the driver model (buses, drivers, kobjects, reference
 * counts, device_lock, devres); a PCI device is marked by lu_is_pci instead
 * of its bus. Messages are dropped, as by <linux/printk.h>.
 * Stricter: the device argument of dev_*() must be a struct device.
 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/printk.h>
#include <linux/types.h>

struct dev_iommu;
struct iommu_group;

struct device {
	struct dev_iommu *iommu;          /* IOMMU core data, NULL if none */
	struct iommu_group *iommu_group;
	bool lu_is_pci;                   /* embedded in a struct pci_dev */
};

static inline __attribute__((format(printf, 2, 3))) int
lu_dev_no_printk(const struct device *dev, const char *fmt, ...)
{
	(void)dev;
	(void)fmt;
	return 0;
}

#define dev_emerg(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) lu_dev_no_printk(dev, fmt, ##__VA_ARGS__)

#endif /* _LINUX_DEVICE_H */
