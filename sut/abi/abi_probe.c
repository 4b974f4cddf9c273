// SPDX-License-Identifier: GPL-2.0
/*
 * Configure-time probe of the IOMMU live-update ABI. Built against the
 * <linux/kho/abi/iommu.h> being compiled (the port's or a kernel tree's) and
 * run once by cmake/abi_probe.cmake, it prints the record layout as
 * "KEY value" lines, which become the generated header lu/abi_probe.h.
 */
#include <linux/kho/abi/iommu.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static void put(const char *key, unsigned long long val)
{
	printf("%s %llu\n", key, val);
}

/*
 * A C string literal. Everything but letters, digits and a few safe
 * punctuation marks is written as an octal escape, so the line survives
 * CMake's list splitting (';', '[', ']') and the C preprocessor.
 */
static void put_str(const char *key, const char *s)
{
	printf("%s \"", key);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.,:/+ ", c))
			putchar(c);
		else
			printf("\\%03o", c);
	}
	printf("\"\n");
}

/**
 * single_bit() - locate the one bit set in a zeroed-then-flagged object
 * @p: the object's bytes
 * @size: its size
 * @byte: set to the offset of the byte holding the bit
 * @bit: set to the bit's number within that byte (0 = least significant)
 *
 * Return: 0, or -1 when no bit or more than one bit is set.
 */
static int single_bit(const void *p, size_t size, size_t *byte, int *bit)
{
	const unsigned char *b = p;
	bool found = false;
	size_t i;

	for (i = 0; i < size; i++) {
		if (!b[i])
			continue;
		if (found || (b[i] & (b[i] - 1)))
			return -1;
		found = true;
		*byte = i;
		*bit = __builtin_ctz(b[i]);
	}
	return found ? 0 : -1;
}

/*
 * Set one header flag in a zeroed header, the way the code under test sets
 * it: through the flags word where the revision has one, else through the
 * revision's one-bit field.
 */
static int probe_flag(const char *name, bool incoming)
{
	struct iommu_hdr_ser hdr;
	char key[32];
	size_t byte;
	int bit;

	memset(&hdr, 0, sizeof(hdr));
#ifdef IOMMU_SER_FLAG_DELETED
	if (incoming)
		hdr.flags |= IOMMU_SER_FLAG_INCOMING;
	else
		hdr.flags |= IOMMU_SER_FLAG_DELETED;
#else
	if (incoming)
		hdr.incoming = 1;
	else
		hdr.deleted = 1;
#endif
	if (single_bit(&hdr, sizeof(hdr), &byte, &bit)) {
		fprintf(stderr, "abi_probe: the %s flag is not a single bit\n",
			name);
		return -1;
	}
	snprintf(key, sizeof(key), "%s_BYTE", name);
	put(key, byte);
	snprintf(key, sizeof(key), "%s_BIT", name);
	put(key, bit);
	return 0;
}

int main(void)
{
	put("ARRAY_HEADER_SIZE", sizeof(struct iommu_array_hdr_ser));
	put("HEADER_SIZE", sizeof(struct iommu_hdr_ser));
	put("REF_COUNT_OFFSET", offsetof(struct iommu_hdr_ser, ref_count));
	if (probe_flag("DELETED", false) || probe_flag("INCOMING", true))
		return 1;

	put("DOMAIN_SIZE", sizeof(struct iommu_domain_ser));
	put("DEVICE_SIZE", sizeof(struct iommu_device_ser));
	put("HW_SIZE", sizeof(struct iommu_hw_ser));

	put("FLB_SIZE", sizeof(struct iommu_flb_ser));
#ifdef IOMMU_LUO_FLB_VERSION
	put("FLB_HAS_VERSION", 1);
	put("FLB_VERSION", IOMMU_LUO_FLB_VERSION);
#else
	put("FLB_HAS_VERSION", 0);
	put("FLB_VERSION", 0);
#endif
	put_str("COMPATIBLE", IOMMU_LUO_FLB_COMPATIBLE);

	put("DOMAIN_TOP_TABLE_PHYS",
	    offsetof(struct iommu_domain_ser, top_table_phys));
	put("DOMAIN_TOP_LEVEL", offsetof(struct iommu_domain_ser, top_level));
	put("DOMAIN_VASZ", offsetof(struct iommu_domain_ser, vasz));
	put("DOMAIN_RESTORED_DOMAIN",
	    offsetof(struct iommu_domain_ser, restored_domain));

	put("DEVICE_DEVID", offsetof(struct iommu_device_ser, devid));
	put("DEVICE_PCI_DOMAIN_NR",
	    offsetof(struct iommu_device_ser, pci_domain_nr));
	put("DEVICE_DOMAIN_PHYS",
	    offsetof(struct iommu_device_ser, domain_iommu_ser.domain_phys));
	put("DEVICE_IOMMU_PHYS",
	    offsetof(struct iommu_device_ser, domain_iommu_ser.iommu_phys));

	put("HW_TOKEN", offsetof(struct iommu_hw_ser, token));
	put("HW_TYPE", offsetof(struct iommu_hw_ser, type));

	/* The last line: CMake takes its absence for a probe cut short. */
	printf("END 1\n");
	return 0;
}
