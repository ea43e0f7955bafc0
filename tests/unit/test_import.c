/*
 * test_import.c - importing deals (app/import.h) on a temporary
 * database: the sample exports in tests/data/, re-import, the measures'
 * view of imported history, each bad file leaving the database as it
 * was, and the date and company forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_import.h"
#include "db_team.h"
#include "auth.h"
#include "config.h"
#include "import.h"
#include "import_job.h"
#include "unit.h"
#include "util.h"

#define NOW INT64_C(1767225600) /* 2026-01-01 00:00 UTC */

static struct db *db;
static struct fixture_people who;
static struct import_report *rep;

static void
setup(void)
{
	char path[600];
	db = fixture_db("import", path, sizeof(path));
	fixture_two_teams(db, &who);
	rep = xcalloc(1, sizeof(*rep));
}

static void
teardown(void)
{
	db_close(db);
	free(rep);
}

static struct import_options
options(bool dry_run)
{
	struct import_options o = { .currency = "USD",
		.dry_run = dry_run,
		.now = NOW };
	return o;
}

static int
import_text(const char *text, const struct import_options *o)
{
	FILE *f = fmemopen((void *)text, strlen(text), "rb");
	ck_assert_ptr_nonnull(f);
	int rc = import_deals(db, f, "test.csv", o, rep);
	fclose(f);
	return rc;
}

static int
import_file(const char *path, const struct import_options *o)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	int rc = import_deals(db, f, path, o, rep);
	fclose(f);
	return rc;
}

/* Sums over a team's summaries, as the team page reads them. */
struct sums {
	long inflow, late, entries;
};

static int
add_inflow(const struct inflow_row *r, void *arg)
{
	struct sums *s = arg;
	s->inflow += r->deals;
	s->late += r->late;
	return 0;
}

static int
add_flow(const struct flow_row *r, void *arg)
{
	struct sums *s = arg;
	s->entries += r->entries;
	return 0;
}

static struct sums
team_sums(int64_t team)
{
	struct sums s = { 0, 0, 0 };
	ck_assert_int_eq(team_inflow_since(db, team, 0, add_inflow, &s), DB_OK);
	ck_assert_int_eq(team_flow_since(db, team, 0, add_flow, &s), DB_OK);
	return s;
}

static int
count_deals(const struct deal *d, void *arg)
{
	(void)d;
	(*(int *)arg)++;
	return 0;
}

/* Open deals of one owner. */
static int
open_deals(int64_t owner)
{
	int n = 0;
	struct deal_filter f = { owner, DEAL_OPEN, 0, "", 1000, 0 };
	ck_assert_int_eq(deal_list(db, &f, count_deals, &n), DB_OK);
	return n;
}

static const char plain_file[] =
    "company,title,owner,stage,amount,expected_close\n"
    "Tidewater Media,Pilot,rep.a1@example.com,Discovery,\"$12,500\","
    "2026-06-30\n"
    "Harbour Ltd,Seats,Ray Rep,Evaluation,900,03/31/2026\n";

START_TEST(creates_then_nothing_then_updates)
{
	struct import_options o = options(false);
	ck_assert_int_eq(import_text(plain_file, &o), 0);
	ck_assert_str_eq(rep->source, "csv");
	ck_assert_int_eq(rep->rows, 2);
	ck_assert_int_eq(rep->created, 2);
	ck_assert_int_eq(rep->errors, 0);
	ck_assert(rep->written);
	ck_assert_int_eq(open_deals(who.rep_a1), 1);
	ck_assert_int_eq(open_deals(who.rep_a2), 1);
	/* the same file again: nothing changes */
	ck_assert_int_eq(import_text(plain_file, &o), 0);
	ck_assert_int_eq(rep->created, 0);
	ck_assert_int_eq(rep->unchanged, 2);
	/* a newer export: the amount and stage changed */
	const char newer[] =
	    "company,title,owner,stage,amount,expected_close\n"
	    "Tidewater Media,Pilot,rep.a1@example.com,Proposal,\"$14,000\","
	    "2026-06-30\n"
	    "Harbour Ltd,Seats,Ray Rep,Evaluation,900,03/31/2026\n";
	ck_assert_int_eq(import_text(newer, &o), 0);
	ck_assert_int_eq(rep->updated, 1);
	ck_assert_int_eq(rep->unchanged, 1);
	ck_assert_int_eq(open_deals(who.rep_a1), 1);
}
END_TEST

/* Imported history: no inflow, no late entry, no entry for conversion. */
START_TEST(imported_history_not_counted)
{
	struct sums before = team_sums(who.team_a);
	struct import_options o = options(false);
	ck_assert_int_eq(import_text(plain_file, &o), 0);
	/* stage 3 would be a late entry if logged here */
	struct sums after = team_sums(who.team_a);
	ck_assert_int_eq(after.inflow, before.inflow);
	ck_assert_int_eq(after.late, before.late);
	ck_assert_int_eq(after.entries, before.entries);
	/* A deal logged by hand still counts (the triggers still run). */
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.owner_id = who.rep_a1;
	d.team_id = who.team_a;
	str_copy(d.company, sizeof(d.company), "Hand Logged");
	str_copy(d.currency, sizeof(d.currency), "USD");
	d.stage_id = 1;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deal_create(db, &d, NOW), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct sums logged = team_sums(who.team_a);
	ck_assert_int_eq(logged.inflow, before.inflow + 1);
	ck_assert_int_eq(logged.entries, before.entries + 1);
}
END_TEST

/* A rebuild after a bulk load counts imported history as the triggers
 * do: not at all. */
START_TEST(rebuild_agrees_with_triggers)
{
	struct import_options o = options(false);
	ck_assert_int_eq(import_text(plain_file, &o), 0);
	struct sums kept = team_sums(who.team_a);
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(db_bulk_begin(db), DB_OK);
	ck_assert_int_eq(db_bulk_finish(db), DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	struct sums rebuilt = team_sums(who.team_a);
	ck_assert_int_eq(rebuilt.inflow, kept.inflow);
	ck_assert_int_eq(rebuilt.entries, kept.entries);
}
END_TEST

START_TEST(dry_run_writes_nothing)
{
	struct import_options o = options(true);
	ck_assert_int_eq(import_text(plain_file, &o), 0);
	ck_assert_int_eq(rep->created, 2);
	ck_assert(!rep->written);
	ck_assert_int_eq(open_deals(who.rep_a1), 0);
	ck_assert_int_eq(audit_count(db, "deals.import"), 0);
}
END_TEST

/* Each row's problem names its row and column; good rows still go in. */
START_TEST(row_errors_named)
{
	const char text[] = "company,owner,stage,amount,currency\n"
	                    "Good Co,Rita Rep,Prospect,10,USD\n"
	                    "Euro Co,Rita Rep,Prospect,10,EUR\n"
	                    "Nobody Co,Nobody Here,Prospect,,\n"
	                    "Odd Co,Rita Rep,Qualified Lead,,\n"
	                    ",Rita Rep,Prospect,,\n"
	                    "Pound Co,Rita Rep,Prospect,\xC2\xA3"
	                    "20,\n";
	struct import_options o = options(false);
	ck_assert_int_eq(import_text(text, &o), 0);
	ck_assert_int_eq(rep->created, 1);
	ck_assert_int_eq(rep->errors, 5);
	ck_assert_int_eq(rep->problem[0].row, 3);
	ck_assert_int_eq(rep->problem[0].column, 5);
	ck_assert_ptr_nonnull(strstr(rep->problem[0].message, "EUR"));
	ck_assert_int_eq(rep->problem[1].row, 4);
	ck_assert_str_eq(rep->problem[1].heading, "owner");
	ck_assert_int_eq(rep->problem[2].row, 5);
	ck_assert_int_eq(rep->nunknown_stages, 1);
	ck_assert_str_eq(rep->unknown_stage[0].name, "Qualified Lead");
	ck_assert_int_eq(rep->problem[3].row, 6);
	ck_assert_ptr_nonnull(strstr(rep->problem[3].message, "company"));
	ck_assert_int_eq(rep->problem[4].row, 7);
	ck_assert_int_eq(open_deals(who.rep_a1), 1);
}
END_TEST

/* A default owner takes the unmatched rows; a stage choice maps a name
 * and is kept for the next import. */
START_TEST(default_owner_and_stage_choice)
{
	const char text[] = "company,owner,stage\nOrphan Co,Gone Person,"
	                    "Qualified Lead\n";
	struct import_stage_choice choice = { "Qualified Lead", 2 };
	struct import_options o = options(false);
	o.default_owner = who.rep_b1;
	o.stages = &choice;
	o.nstages = 1;
	ck_assert_int_eq(import_text(text, &o), 0);
	ck_assert_int_eq(rep->created, 1);
	ck_assert_int_eq(open_deals(who.rep_b1), 1);
	const char again[] = "company,owner,stage\nOther Co,rep.b1@example.com,"
	                     "qualified lead\n";
	o.nstages = 0;
	ck_assert_int_eq(import_text(again, &o), 0);
	ck_assert_int_eq(rep->created, 1);
	ck_assert_int_eq(rep->errors, 0);
}
END_TEST

/* A cell that looks like a formula is kept as the text it is. */
START_TEST(formula_cell_kept_as_text)
{
	const char text[] = "company,owner,stage\n\"=HYPERLINK(\"\"x\"\")\","
	                    "Rita Rep,Prospect\n";
	struct import_options o = options(false);
	ck_assert_int_eq(import_text(text, &o), 0);
	ck_assert_int_eq(rep->created, 1);
	struct deal d;
	struct viewer v = { who.rep_a1, ROLE_REP, who.team_a };
	ck_assert_int_eq(deal_get(db, 1, &v, &d), DB_OK);
	ck_assert_str_eq(d.company, "=HYPERLINK(\"x\")");
	/* as an export neutralised it: the same text */
	const char exported[] = "company,owner,stage\n\"'=SUM(A1:A9)\","
	                        "Rita Rep,Prospect\n";
	ck_assert_int_eq(import_text(exported, &o), 0);
	ck_assert_int_eq(deal_get(db, 2, &v, &d), DB_OK);
	ck_assert_str_eq(d.company, "=SUM(A1:A9)");
}
END_TEST

/* The samples in tests/data/ in each export's shape. */
START_TEST(sample_exports_recognised)
{
	fixture_user(db, "ravi@example.com", "Ravi Patel", ROLE_REP,
	    who.team_a);
	struct import_options o = options(true);
	o.default_owner = who.rep_a1;
	static const struct {
		const char *path, *source;
		long rows;
		enum import_encoding enc;
		char sep;
	} samples[] = {
		{ "tests/data/pipedrive_deals.csv", "pipedrive", 5, IMPORT_UTF8,
		    ',' },
		{ "tests/data/hubspot_deals.csv", "hubspot", 4, IMPORT_UTF8,
		    ',' },
		{ "tests/data/salesforce_opportunities.csv", "salesforce", 3,
		    IMPORT_UTF8, ',' },
		{ "tests/data/groundwork_deals.csv", "groundwork", 3,
		    IMPORT_UTF8, ',' },
	};
	for (size_t i = 0; i < GW_ARRAY_LEN(samples); i++) {
		ck_assert_int_eq(import_file(samples[i].path, &o), 0);
		ck_assert_str_eq(rep->source, samples[i].source);
		ck_assert_int_eq(rep->rows, samples[i].rows);
		ck_assert_int_eq(rep->shape.encoding, samples[i].enc);
		ck_assert_int_eq(rep->shape.separator, samples[i].sep);
	}
}
END_TEST

/* The semicolon, Windows-1252 sample, its headings mapped by hand:
 * European amounts and day-first dates. */
START_TEST(semicolon_cp1252_sample)
{
	fixture_user(db, "lena@example.com", "Lena Fischer", ROLE_REP,
	    who.team_a);
	fixture_user(db, "tom@example.com", "Tom Nguyen", ROLE_REP, who.team_a);
	struct import_mapping map[] = { { "Organisation", IF_COMPANY },
		{ "Titel", IF_TITLE }, { "Verantwortlich", IF_OWNER },
		{ "Phase", IF_STAGE }, { "Wert", IF_AMOUNT },
		{ "W\xC3\xA4hrung", IF_CURRENCY },
		{ "Abschluss", IF_EXPECTED_CLOSE } };
	struct import_options o = options(false);
	ck_assert_int_eq(import_file("tests/data/semicolon_cp1252.csv", &o),
	    -1);
	ck_assert_ptr_nonnull(strstr(rep->fatal, "the company"));
	o.map = map;
	o.nmap = (int)GW_ARRAY_LEN(map);
	ck_assert_int_eq(import_file("tests/data/semicolon_cp1252.csv", &o), 0);
	ck_assert_int_eq(rep->shape.encoding, IMPORT_CP1252);
	ck_assert_int_eq(rep->shape.separator, ';');
	ck_assert_int_eq(rep->created, 2);
	struct deal d;
	struct viewer v = { 0, ROLE_ADMIN, 0 };
	ck_assert_int_eq(deal_get(db, 1, &v, &d), DB_OK);
	ck_assert_str_eq(d.company, "M\xC3\xBCller & S\xC3\xB6hne GmbH");
	ck_assert_int_eq(d.amount, 1250000);
	ck_assert_str_eq(d.expected_close, "2030-06-30");
}
END_TEST

/* Bad files: a clear message, and not one row written. */
START_TEST(bad_files_change_nothing)
{
	char *big = xmalloc(1024 * 1024 + 64);
	strcpy(big, "company,owner,stage\nA,Rita Rep,Prospect\n\"");
	size_t n = strlen(big);
	memset(big + n, 'x', 1024 * 1024);
	strcpy(big + n + 1024 * 1024, "\",Rita Rep,Prospect\n");
	struct buf wide = { 0 };
	buf_puts(&wide, "company,owner,stage\nA,Rita Rep,Prospect\n");
	for (int i = 0; i < 10000; i++)
		buf_puts(&wide, "x,");
	buf_puts(&wide, "\n");
	const struct {
		const char *text, *says;
	} bad[] = {
		{ "company,owner,stage\nA,Rita Rep,Prospect\n\"B,Rita Rep,"
		  "Prospect\n",
		    "unbalanced quotes" },
		{ big, "longer than 64 KiB" },
		{ "company,owner,stage\nCaf\xC3\xA9,Rita Rep,Prospect\n"
		  "B\xE9\xC3,Rita Rep,Prospect\n",
		    "not valid UTF-8" },
		{ wide.data, "more than 200 columns" },
		{ "", "empty" },
		{ "company,owner,stage\r\n", "headings but no deals" },
	};
	struct import_options o = options(false);
	for (size_t i = 0; i < GW_ARRAY_LEN(bad); i++) {
		FILE *f = strlen(bad[i].text) ? fmemopen((void *)bad[i].text,
		                                    strlen(bad[i].text), "rb")
		                              : fopen("/dev/null", "rb");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(import_deals(db, f, "bad.csv", &o, rep), -1);
		fclose(f);
		ck_assert_msg(strstr(rep->fatal, bad[i].says) != NULL,
		    "case %zu: %s", i, rep->fatal);
		ck_assert(!rep->written);
		ck_assert_int_eq(open_deals(who.rep_a1), 0);
	}
	ck_assert_int_eq(audit_count(db, "deals.import"), 0);
	free(big);
	buf_free(&wide);
}
END_TEST

START_TEST(reassign_moves_open_deals)
{
	struct import_options o = options(false);
	const char text[] = "company,owner,stage,status\n"
	                    "One,Rita Rep,Prospect,open\n"
	                    "Two,Rita Rep,Evaluation,open\n"
	                    "Three,Rita Rep,Prospect,won\n";
	ck_assert_int_eq(import_text(text, &o), 0);
	ck_assert_int_eq(open_deals(who.rep_a1), 2);
	int moved = 0;
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deals_reassign(db, who.rep_a1, "Rita Rep", who.rep_b1,
	                     "Bea Rep", who.team_b, NULL, 0, who.admin, NOW,
	                     &moved),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(moved, 2);
	ck_assert_int_eq(open_deals(who.rep_a1), 0);
	ck_assert_int_eq(open_deals(who.rep_b1), 2);
	/* selected: only the named deal, and only if it is open and theirs */
	int64_t ids[] = { 1, 3 };
	ck_assert_int_eq(db_tx_begin(db), DB_OK);
	ck_assert_int_eq(deals_reassign(db, who.rep_b1, "Bea Rep", who.rep_a2,
	                     "Ray Rep", who.team_a, ids, 2, who.admin, NOW,
	                     &moved),
	    DB_OK);
	ck_assert_int_eq(db_tx_commit(db), DB_OK);
	ck_assert_int_eq(moved, 1);
	ck_assert_int_eq(open_deals(who.rep_a2), 1);
	ck_assert_int_eq(open_deals(who.rep_b1), 1);
}
END_TEST

/* The anchors' "created" headings, and Groundwork's own, are the
 * created field. */
START_TEST(created_headings_recognised)
{
	static const char *const headings[] = { "Deal - Deal created",
		"Deal created", "Deal - Add time", "Add time", "Create Date",
		"Created Date", "created" };
	struct import_options o = options(true);
	for (size_t i = 0; i < GW_ARRAY_LEN(headings); i++) {
		char text[200];
		snprintf(text, sizeof(text),
		    "company,owner,stage,%s\nAcme,rep.a1@example.com,"
		    "Discovery,2025-03-14\n",
		    headings[i]);
		ck_assert_int_eq(import_text(text, &o), 0);
		ck_assert_msg(rep->known[3] && rep->field[3] == IF_CREATED,
		    "%s is the created field", headings[i]);
		ck_assert_int_eq(rep->errors, 0);
	}
	ck_assert_int_eq(import_field_from_name("created"), IF_CREATED);
	ck_assert_str_eq(import_field_name(IF_CREATED), "created");
}
END_TEST

struct created_seen {
	char company[40];
	int64_t created_at, stage_entered_at, id;
};

static int
note_created(const struct deal *d, void *arg)
{
	struct created_seen *seen = arg;
	for (; seen->company[0]; seen++)
		if (strcmp(seen->company, d->company) == 0) {
			seen->created_at = d->created_at;
			seen->stage_entered_at = d->stage_entered_at;
			seen->id = d->id;
		}
	return 0;
}

static int
first_change_at(const struct timeline_entry *e, void *arg)
{
	if (e->kind == TL_IMPORT && *(int64_t *)arg == 0)
		*(int64_t *)arg = e->at;
	return 0;
}

/* The export's creation date is the deal's, and its history's first
 * date; a row without one is created now; a date in the future is a
 * row error; the same file again changes nothing. */
START_TEST(created_date_kept)
{
	const char file[] =
	    "id,company,owner,stage,created\n"
	    "1,Acme,rep.a1@example.com,Discovery,03/14/2025\n"
	    "2,Beta,rep.a1@example.com,Discovery,\n"
	    "3,Gamma,rep.a1@example.com,Discovery,2026-01-02 08:00\n"
	    "4,Delta,rep.a1@example.com,Discovery,2025-12-31T23:00:00Z\n";
	struct import_options o = options(false);
	ck_assert_int_eq(import_text(file, &o), 0);
	ck_assert_int_eq(rep->created, 3);
	ck_assert_int_eq(rep->errors, 1);
	ck_assert_int_eq(rep->problem[0].row, 4);
	ck_assert_int_eq(rep->problem[0].column, 5);
	ck_assert_str_eq(rep->problem[0].message,
	    "created: 2026-01-02 is in the future");
	struct created_seen seen[] = { { "Acme", 0, 0, 0 }, { "Beta", 0, 0, 0 },
		{ "Delta", 0, 0, 0 }, { "", 0, 0, 0 } };
	struct deal_filter f = { who.rep_a1, DEAL_OPEN, 0, "", 1000, 0 };
	ck_assert_int_eq(deal_list(db, &f, note_created, seen), DB_OK);
	char day[DATE_SIZE];
	date_of(seen[0].created_at, day);
	ck_assert_str_eq(day, "2025-03-14");
	ck_assert_int_eq(seen[0].stage_entered_at, seen[0].created_at);
	ck_assert_int_eq(seen[1].created_at, NOW);
	ck_assert_int_eq(seen[1].stage_entered_at, NOW);
	date_of(seen[2].created_at, day);
	ck_assert_str_eq(day, "2025-12-31");
	ck_assert_int_le(seen[2].created_at, NOW);
	/* the history's first line is on the export's date */
	int64_t at = 0;
	ck_assert_int_eq(deal_timeline(db, seen[0].id, first_change_at, &at),
	    DB_OK);
	ck_assert_int_eq(at, seen[0].created_at);
	/* again: nothing changes, the creation dates included */
	o.now = NOW + 3600;
	ck_assert_int_eq(import_text(file, &o), 0);
	ck_assert_int_eq(rep->created, 0);
	ck_assert_int_eq(rep->updated, 0);
	ck_assert_int_eq(rep->unchanged, 3);
	struct created_seen again[] = { { "Acme", 0, 0, 0 },
		{ "Beta", 0, 0, 0 }, { "", 0, 0, 0 } };
	ck_assert_int_eq(deal_list(db, &f, note_created, again), DB_OK);
	ck_assert_int_eq(again[0].created_at, seen[0].created_at);
	ck_assert_int_eq(again[1].created_at, NOW);
}
END_TEST

START_TEST(date_forms)
{
	static const struct {
		const char *text;
		bool day_first;
		const char *want;
	} ok[] = {
		{ "2025-03-14", false, "2025-03-14" },
		{ "2025-03-14 09:30", false, "2025-03-14" },
		{ "2025-03-14T09:30:00Z", false, "2025-03-14" },
		{ "2025/3/4", false, "2025-03-04" },
		{ "14.03.2025", false, "2025-03-14" },
		{ "03/14/2025", false, "2025-03-14" },
		{ "3/4/2025", false, "2025-03-04" },
		{ "3/4/2025", true, "2025-04-03" },
		{ "14/03/2025", true, "2025-03-14" },
		{ "14 Mar 2025", false, "2025-03-14" },
		{ "14-Mar-2025", false, "2025-03-14" },
		{ "Mar 14, 2025", false, "2025-03-14" },
		{ "March 14 2025", false, "2025-03-14" },
	};
	char out[DATE_SIZE];
	for (size_t i = 0; i < GW_ARRAY_LEN(ok); i++) {
		ck_assert_msg(import_date(ok[i].text, ok[i].day_first, out) ==
		                  NULL,
		    "%s", ok[i].text);
		ck_assert_str_eq(out, ok[i].want);
	}
	static const char *const bad[] = { "14/03/2025", "2025-02-30",
		"1999-12-31", "next week", "2025-03", "14 Foo 2025",
		"2025-03-14x" };
	for (size_t i = 0; i < GW_ARRAY_LEN(bad); i++)
		ck_assert_msg(import_date(bad[i], false, out) != NULL, "%s",
		    bad[i]);
}
END_TEST

START_TEST(company_keys)
{
	char a[64], b[64];
	import_company_key("Tidewater Media Ltd.", a, sizeof(a));
	import_company_key("  tidewater   MEDIA ", b, sizeof(b));
	ck_assert_str_eq(a, "tidewater media");
	ck_assert_str_eq(b, a);
	import_company_key("Acme, Inc.", a, sizeof(a));
	ck_assert_str_eq(a, "acme");
	import_company_key("Acme Widgets GmbH", a, sizeof(a));
	ck_assert_str_eq(a, "acme widgets");
	/* a name that is only a suffix keeps it */
	import_company_key("Inc", a, sizeof(a));
	ck_assert_str_eq(a, "inc");
	import_company_key("Tidewater Marine", b, sizeof(b));
	ck_assert_str_ne(b, "tidewater media");
}
END_TEST

/* --- the web import's job: its state from its lock and its report --- */

/*
 * A job writes its report and then ends, letting its lock go.  The
 * page must read the lock before the report: while the lock is held
 * the job runs, even with a report already there (read the other way
 * round, a job ending between the two reads looked dead).  With the
 * lock free, the report says done; with neither, the job died; with
 * no job file, none was started.
 */
START_TEST(job_state_reads_the_lock_first)
{
	char saved[sizeof(cfg.db)];
	str_copy(saved, sizeof(saved), cfg.db);
	snprintf(cfg.db, sizeof(cfg.db), "%s/job-%d.db", unit_tmpdir(),
	    (int)getpid());
	char dir[600], job[700], report[700];
	snprintf(dir, sizeof(dir), "%s.uploads", cfg.db);
	mkdir(dir, 0700);
	const char *token = "job_state_reads_the_lock_first_0123456789ab";
	ck_assert_int_eq((int)strlen(token), TOKEN_TEXT_LEN);
	snprintf(job, sizeof(job), "%s/%s.job", dir, token);
	snprintf(report, sizeof(report), "%s/%s.report", dir, token);
	unlink(job);
	unlink(report);
	struct import_job_status st;
	import_job_status(token, &st, rep);
	ck_assert_int_eq(st.state, IMPORT_JOB_NONE);

	int fd = open(job, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	import_job_status(token, &st, rep);
	ck_assert_int_eq(st.state, IMPORT_JOB_RUNNING);
	/* The report written, the job not ended yet: still running. */
	ck_assert_int_eq(import_job_run(NULL, token, "/nonexistent.csv"), 1);
	ck_assert_int_eq(access(report, R_OK), 0);
	import_job_status(token, &st, rep);
	ck_assert_int_eq(st.state, IMPORT_JOB_RUNNING);
	/* Ended: done, with what the report says. */
	ck_assert_int_eq(flock(fd, LOCK_UN), 0);
	import_job_status(token, &st, rep);
	ck_assert_int_eq(st.state, IMPORT_JOB_DONE);
	ck_assert_int_eq(st.rc, -1);
	ck_assert_str_eq(rep->fatal,
	    "The import's choices are missing; start it again.");
	/* No report and the lock free: the job died. */
	unlink(report);
	import_job_status(token, &st, rep);
	ck_assert_int_eq(st.state, IMPORT_JOB_DIED);
	close(fd);
	unlink(job);
	rmdir(dir);
	str_copy(cfg.db, sizeof(cfg.db), saved);
}
END_TEST

Suite *
suite_import(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("deals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, creates_then_nothing_then_updates);
	tcase_add_test(tc, imported_history_not_counted);
	tcase_add_test(tc, rebuild_agrees_with_triggers);
	tcase_add_test(tc, dry_run_writes_nothing);
	tcase_add_test(tc, row_errors_named);
	tcase_add_test(tc, default_owner_and_stage_choice);
	tcase_add_test(tc, formula_cell_kept_as_text);
	tcase_add_test(tc, sample_exports_recognised);
	tcase_add_test(tc, semicolon_cp1252_sample);
	tcase_add_test(tc, bad_files_change_nothing);
	tcase_add_test(tc, reassign_moves_open_deals);
	tcase_add_test(tc, created_headings_recognised);
	tcase_add_test(tc, created_date_kept);
	suite_add_tcase(s, tc);
	TCase *job = tcase_create("job");
	tcase_add_checked_fixture(job, setup, teardown);
	tcase_add_test(job, job_state_reads_the_lock_first);
	suite_add_tcase(s, job);
	TCase *forms = tcase_create("forms");
	tcase_add_test(forms, date_forms);
	tcase_add_test(forms, company_keys);
	suite_add_tcase(s, forms);
	return s;
}
