/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stands in for <linux/pci.h>: a PCI device is a struct device with a bus
 * number, devfn and PCI segment (domain) number. Brings what a PCI user
 * gets with it in the kernel: struct device, errno values, <linux/io.h>,
 * <linux/kernel.h> (container_of, BUG/WARN, EXPORT_SYMBOL, printk), and
 * here also the IOMMU core types of <linux/iommu.h>.
 * Leaves out: config space, resources, drivers, bridges. Stricter: nothing.
 */
#ifndef _LINUX_PCI_H
#define _LINUX_PCI_H

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/types.h>

struct pci_bus {
	int domain_nr;
	unsigned char number;
};

struct pci_dev {
	struct device dev;
	struct pci_bus *bus;
	unsigned int devfn;
};

#define to_pci_dev(d) container_of(d, struct pci_dev, dev)

static inline bool dev_is_pci(const struct device *dev)
{
	return dev->lu_is_pci;
}

static inline u16 pci_dev_id(struct pci_dev *pdev)
{
	return (u16)((pdev->bus->number << 8) | (pdev->devfn & 0xff));
}

static inline int pci_domain_nr(struct pci_bus *bus)
{
	return bus->domain_nr;
}

#endif /* _LINUX_PCI_H */
