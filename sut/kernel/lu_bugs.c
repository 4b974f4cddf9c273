// SPDX-License-Identifier: GPL-2.0
/*
 * The seeded-bug table as data: names, sets and descriptions for tools,
 * and the switch test the port's code asks at each seeded site.
 */
#include <lu/world.h>

const struct lu_bug_info lu_bug_info[LU_NR_BUGS] = {
#define LU_BUG_INFO(name, set, what) { #name, LU_SET_##set, what },
	LU_BUG_TABLE(LU_BUG_INFO)
#undef LU_BUG_INFO
};

uint64_t lu_bug_set_v2(void)
{
	uint64_t mask = 1ull << LU_BUG_luo_gen_a;
	int i;

	for (i = 0; i < LU_NR_BUGS; i++)
		if (lu_bug_info[i].set == LU_SET_V2)
			mask |= 1ull << i;
	return mask;
}

bool lu_bug_on(enum lu_bug bug)
{
	return lu_cur->bugs & (1ull << bug);
}
