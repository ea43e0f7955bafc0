/*
 * seed_aids.h - the starter job-aid library the demo company gets:
 * written for Groundwork, a dozen aids across the five default stages.
 */
#ifndef GW_SEED_AIDS_H
#define GW_SEED_AIDS_H

#include "db_playbook.h"

struct starter_aid {
	int stage_position; /* default stage it belongs to (1-5) */
	enum aid_kind kind;
	const char *title;
	const char *body; /* plain text: blank lines, "- " and "1. " lists */
};

extern const struct starter_aid starter_aids[];
extern const int starter_aid_count;

#endif
