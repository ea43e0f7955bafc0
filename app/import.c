/*
 * import.c - deals from a CSV file: headings to fields, each row to a
 * deal, and the file into the database in one transaction (or rolled
 * back for a preview).  The file is read by import_csv.c, one row at a
 * time; the deals are written by db_import.c.
 */
#include "import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "amount.h"
#include "db.h"
#include "db_account.h"
#include "db_deal.h"
#include "db_import.h"
#include "form.h"
#include "http.h"
#include "util.h"

static const char *const field_names[IF__N] = { "ignore", "id", "company",
	"title", "contact", "owner", "stage", "status", "amount", "currency",
	"expected_close", "next_step", "next_step_due", "source", "lost_reason",
	"created" };

const char *
import_field_name(enum import_field f)
{
	return (unsigned)f < IF__N ? field_names[f] : "ignore";
}

int
import_field_from_name(const char *name)
{
	for (int i = 0; i < IF__N; i++)
		if (strcmp(field_names[i], name) == 0)
			return i;
	return -1;
}

/* --- headings ---------------------------------------------------------- */

/* The headings the importer knows, compared without case.  tool names
 * the export an id heading comes from: the import's source. */
static const struct known_heading {
	const char *heading;
	enum import_field field;
	const char *tool;
} known_headings[] = {
	/* Pipedrive: "Deal - <field>" */
	{ "Deal - ID", IF_ID, "pipedrive" },
	{ "Deal - Title", IF_TITLE, NULL },
	{ "Deal - Organization", IF_COMPANY, NULL },
	{ "Deal - Contact person", IF_CONTACT, NULL },
	{ "Deal - Value", IF_AMOUNT, NULL },
	{ "Deal - Currency", IF_CURRENCY, NULL },
	{ "Deal - Stage", IF_STAGE, NULL },
	{ "Deal - Status", IF_STATUS, NULL },
	{ "Deal - Owner", IF_OWNER, NULL },
	{ "Deal - Expected close date", IF_EXPECTED_CLOSE, NULL },
	{ "Deal - Next activity date", IF_NEXT_STEP_DUE, NULL },
	{ "Deal - Next activity subject", IF_NEXT_STEP, NULL },
	{ "Deal - Lost reason", IF_LOST_REASON, NULL },
	{ "Deal - Source channel", IF_SOURCE, NULL },
	{ "Deal - Deal created", IF_CREATED, NULL },
	{ "Deal created", IF_CREATED, NULL },
	{ "Deal - Add time", IF_CREATED, NULL },
	{ "Add time", IF_CREATED, NULL },
	/* HubSpot deals */
	{ "Record ID", IF_ID, "hubspot" },
	{ "Deal Name", IF_TITLE, NULL },
	{ "Associated Company", IF_COMPANY, NULL },
	{ "Associated Company (Primary)", IF_COMPANY, NULL },
	{ "Associated Contact", IF_CONTACT, NULL },
	{ "Deal Stage", IF_STAGE, NULL },
	{ "Deal owner", IF_OWNER, NULL },
	{ "Currency", IF_CURRENCY, NULL },
	{ "Closed Lost Reason", IF_LOST_REASON, NULL },
	{ "Deal source", IF_SOURCE, NULL },
	{ "Create Date", IF_CREATED, NULL },
	/* Salesforce opportunities */
	{ "Opportunity ID", IF_ID, "salesforce" },
	{ "Opportunity Name", IF_TITLE, NULL },
	{ "Account Name", IF_COMPANY, NULL },
	{ "Opportunity Owner", IF_OWNER, NULL },
	{ "Opportunity Currency", IF_CURRENCY, NULL },
	{ "Primary Contact", IF_CONTACT, NULL },
	{ "Lead Source", IF_SOURCE, NULL },
	{ "Loss Reason", IF_LOST_REASON, NULL },
	{ "Created Date", IF_CREATED, NULL },
	/* HubSpot and Salesforce alike */
	{ "Amount", IF_AMOUNT, NULL },
	{ "Stage", IF_STAGE, NULL },
	{ "Close Date", IF_EXPECTED_CLOSE, NULL },
	{ "Next Step", IF_NEXT_STEP, NULL },
	/* Groundwork's own deals CSV (/team/deals.csv) */
	{ "id", IF_ID, "groundwork" },
	{ "company", IF_COMPANY, NULL },
	{ "contact", IF_CONTACT, NULL },
	{ "title", IF_TITLE, NULL },
	{ "owner", IF_OWNER, NULL },
	{ "status", IF_STATUS, NULL },
	{ "source", IF_SOURCE, NULL },
	{ "next_step", IF_NEXT_STEP, NULL },
	{ "next_step_due", IF_NEXT_STEP_DUE, NULL },
	{ "expected_close", IF_EXPECTED_CLOSE, NULL },
	{ "lost_reason", IF_LOST_REASON, NULL },
	{ "created", IF_CREATED, NULL },
	{ "closed", IF_IGNORE, NULL },
	{ "days_in_stage", IF_IGNORE, NULL },
	{ "late_entry", IF_IGNORE, NULL },
	/* plain spreadsheets */
	{ "owner email", IF_OWNER, NULL },
	{ "organization", IF_COMPANY, NULL },
	{ "value", IF_AMOUNT, NULL },
};

/* s without leading and trailing white space, into out. */
static void
trim_into(const char *s, char *out, size_t size)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	                    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* The column's field, from the admin's mapping, else the known
 * headings; *tool set when an id column names its export (a known id
 * heading keeps its export when the admin maps it as id too). */
static bool
heading_field(const char *heading, const struct import_options *o,
    enum import_field *field, const char **tool)
{
	bool known = false;
	*field = IF_IGNORE;
	*tool = NULL;
	for (size_t i = 0; i < GW_ARRAY_LEN(known_headings) && !known; i++)
		if (strcasecmp(known_headings[i].heading, heading) == 0) {
			*field = known_headings[i].field;
			*tool = known_headings[i].tool;
			known = true;
		}
	for (int i = 0; i < o->nmap; i++)
		if (strcasecmp(o->map[i].heading, heading) == 0) {
			if (o->map[i].field != *field)
				*tool = o->map[i].field == IF_ID ? "csv" : NULL;
			*field = o->map[i].field;
			return true;
		}
	return known;
}

/* --- the import's state ------------------------------------------------- */

struct person {
	int64_t id, team_id;
	char email[USER_EMAIL_MAX + 1];
	char name[USER_NAME_MAX * 4 + 1];
};

struct alias {
	char name[IMPORT_HEADING_SHOWN * 4 + 1];
	int64_t stage_id;
};

struct ctx {
	struct db *db;
	const struct import_options *o;
	struct import_report *rep;
	struct person *people;
	int npeople, cap_people;
	struct stages stages;
	struct alias *aliases;
	int naliases, cap_aliases;
	int col[IF__N]; /* column of each field, or -1 */
	bool failed;    /* the database failed */
};

static int
add_person(const struct user *u, void *arg)
{
	struct ctx *c = arg;
	if (!u->active)
		return 0;
	if (c->npeople == c->cap_people) {
		c->cap_people = c->cap_people ? c->cap_people * 2 : 32;
		c->people = xrealloc(c->people,
		    (size_t)c->cap_people * sizeof(*c->people));
	}
	struct person *p = &c->people[c->npeople++];
	p->id = u->id;
	p->team_id = u->team_id;
	str_copy(p->email, sizeof(p->email), u->email);
	str_copy(p->name, sizeof(p->name), u->name);
	return 0;
}

static int
add_alias(const char *name, int64_t stage_id, void *arg)
{
	struct ctx *c = arg;
	if (c->naliases == c->cap_aliases) {
		c->cap_aliases = c->cap_aliases ? c->cap_aliases * 2 : 16;
		c->aliases = xrealloc(c->aliases,
		    (size_t)c->cap_aliases * sizeof(*c->aliases));
	}
	struct alias *a = &c->aliases[c->naliases++];
	str_copy(a->name, sizeof(a->name), name);
	a->stage_id = stage_id;
	return 0;
}

/* Users, stages and aliases, with the admin's new stage choices saved
 * (inside the import's transaction) and added. */
static int
load_lookups(struct ctx *c)
{
	if (user_each(c->db, add_person, c) != DB_OK ||
	    stage_list_all(c->db, &c->stages) != DB_OK)
		return -1;
	for (int i = 0; i < c->o->nstages; i++)
		if (stage_alias_set(c->db, c->o->stages[i].name,
		        c->o->stages[i].stage_id) != DB_OK)
			return -1;
	return stage_alias_each(c->db, add_alias, c) == DB_OK ? 0 : -1;
}

/* --- problems ------------------------------------------------------------ */

static void problem(struct ctx *c, long row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
problem(struct ctx *c, long row, int col, const char *fmt, ...)
{
	struct import_report *rep = c->rep;
	if (rep->nproblems >= IMPORT_PROBLEMS_KEPT)
		return;
	struct import_problem *p = &rep->problem[rep->nproblems++];
	p->row = row;
	p->column = col + 1;
	str_copy(p->heading, sizeof(p->heading),
	    col >= 0 && col < rep->columns ? rep->heading[col] : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

static void
note_unknown_stage(struct import_report *rep, const char *name)
{
	for (int i = 0; i < rep->nunknown_stages; i++)
		if (strcasecmp(rep->unknown_stage[i].name, name) == 0) {
			rep->unknown_stage[i].rows++;
			return;
		}
	if (rep->nunknown_stages >= IMPORT_UNKNOWN_KEPT)
		return;
	str_copy(rep->unknown_stage[rep->nunknown_stages].name,
	    sizeof(rep->unknown_stage[0].name), name);
	rep->unknown_stage[rep->nunknown_stages++].rows = 1;
}

/* --- the heading row ------------------------------------------------------ */

static const char *
source_of(const struct import_report *rep, const char *tool)
{
	if (tool == NULL)
		return "csv";
	if (strcmp(tool, "groundwork") != 0)
		return tool;
	/* "id" alone is any spreadsheet's; Groundwork's export also has
	 * its own columns. */
	for (int i = 0; i < rep->columns; i++)
		if (strcasecmp(rep->heading[i], "days_in_stage") == 0)
			return "groundwork";
	return "csv";
}

static int
read_headings(struct ctx *c, const struct import_row *row)
{
	struct import_report *rep = c->rep;
	const char *tool = NULL;
	rep->columns = row->n;
	for (int f = 0; f < IF__N; f++)
		c->col[f] = -1;
	for (int i = 0; i < row->n; i++)
		trim_into(row->cells[i], rep->heading[i],
		    sizeof(rep->heading[i]));
	for (int i = 0; i < row->n; i++) {
		const char *t = NULL;
		rep->known[i] = heading_field(rep->heading[i], c->o,
		    &rep->field[i], &t);
		if (rep->field[i] != IF_IGNORE && c->col[rep->field[i]] < 0)
			c->col[rep->field[i]] = i;
		if (rep->field[i] == IF_ID)
			tool = t;
	}
	str_copy(rep->source, sizeof(rep->source), source_of(rep, tool));
	return 0;
}

/* Which fields the file lacks that every deal needs. */
static bool
required_columns(struct ctx *c)
{
	const char *missing = c->col[IF_COMPANY] < 0 && c->col[IF_TITLE] < 0
	                          ? "the company"
	                      : c->col[IF_STAGE] < 0 ? "the stage"
	                      : c->col[IF_OWNER] < 0 && c->o->default_owner == 0
	                          ? "the owner"
	                          : NULL;
	if (missing == NULL)
		return true;
	snprintf(c->rep->fatal, sizeof(c->rep->fatal),
	    "No column gives %s of each deal. Map one of the file's "
	    "columns to it%s.",
	    missing,
	    strcmp(missing, "the owner") == 0 ? ", or choose a default owner"
	                                      : "");
	return false;
}

/* --- one row --------------------------------------------------------------- */

/* The cells of one row as the deal's fields, plus what needs looking up. */
struct row_in {
	const struct import_row *row;
	struct deal d;
	char id[IMPORT_SOURCE_ID_MAX + 1];
	char created[DATE_SIZE]; /* the export's creation date, or "" */
	bool bad;
};

static const char *
cell(const struct ctx *c, const struct row_in *r, enum import_field f)
{
	int i = c->col[f];
	return i >= 0 && i < r->row->n ? r->row->cells[i] : "";
}

/* A text field: trimmed, at most max characters. */
static void
text_field(struct ctx *c, struct row_in *r, enum import_field f, char *out,
    size_t size, size_t max)
{
	char *t = xmalloc(strlen(cell(c, r, f)) + 1);
	trim_into(cell(c, r, f), t, strlen(cell(c, r, f)) + 1);
	/* "'=SUM(A1)" is how a spreadsheet-safe export (Groundwork's own
	 * included) writes the text "=SUM(A1)": the text is kept, and
	 * exported neutralised again. */
	if (t[0] == '\'' && t[1] && strchr("=+-@", t[1]))
		memmove(t, t + 1, strlen(t));
	size_t n = strlen(t);
	if (!text_valid(t, n)) {
		problem(c, r->row->number, c->col[f],
		    "%s holds control characters", import_field_name(f));
		r->bad = true;
	} else if (utf8_chars(t, n) > max) {
		problem(c, r->row->number, c->col[f],
		    "%s is longer than %zu characters", import_field_name(f),
		    max);
		r->bad = true;
	} else {
		str_copy(out, size, t);
	}
	free(t);
}

static void
read_texts(struct ctx *c, struct row_in *r)
{
	struct deal *d = &r->d;
	static const struct {
		enum import_field f;
		size_t off, size, max;
	} texts[] = {
		{ IF_COMPANY, offsetof(struct deal, company),
		    sizeof(((struct deal *)0)->company), DEAL_TEXT_MAX },
		{ IF_TITLE, offsetof(struct deal, title),
		    sizeof(((struct deal *)0)->title), DEAL_TEXT_MAX },
		{ IF_CONTACT, offsetof(struct deal, contact),
		    sizeof(((struct deal *)0)->contact), DEAL_TEXT_MAX },
		{ IF_SOURCE, offsetof(struct deal, source),
		    sizeof(((struct deal *)0)->source), DEAL_SOURCE_MAX },
		{ IF_NEXT_STEP, offsetof(struct deal, next_step),
		    sizeof(((struct deal *)0)->next_step), DEAL_STEP_MAX },
		{ IF_LOST_REASON, offsetof(struct deal, lost_reason),
		    sizeof(((struct deal *)0)->lost_reason), DEAL_STEP_MAX },
	};
	for (size_t i = 0; i < GW_ARRAY_LEN(texts); i++)
		text_field(c, r, texts[i].f, (char *)d + texts[i].off,
		    texts[i].size, texts[i].max);
	if (d->company[0] == '\0' && c->col[IF_COMPANY] < 0)
		str_copy(d->company, sizeof(d->company), d->title);
	if (d->company[0] == '\0' && !r->bad) {
		problem(c, r->row->number,
		    c->col[IF_COMPANY] >= 0 ? c->col[IF_COMPANY]
		                            : c->col[IF_TITLE],
		    "the company is empty");
		r->bad = true;
	}
}

/* "12.500,00" as a semicolon file's spreadsheet writes it, as
 * "12500.00"; other text unchanged. */
static void
european_amount(const char *s, char *out, size_t size)
{
	size_t o = 0;
	bool comma = strchr(s, ',') != NULL;
	for (; *s && o + 1 < size; s++) {
		if (comma && *s == '.')
			continue;
		out[o++] = comma && *s == ',' ? '.' : *s;
	}
	out[o] = '\0';
}

static void
read_money(struct ctx *c, struct row_in *r)
{
	char cur[16];
	trim_into(cell(c, r, IF_CURRENCY), cur, sizeof(cur));
	if (cur[0] && strcasecmp(cur, c->o->currency) != 0) {
		problem(c, r->row->number, c->col[IF_CURRENCY],
		    "the amount is in %s; this install counts in %s", cur,
		    c->o->currency);
		r->bad = true;
		return;
	}
	char text[128], plain[128];
	trim_into(cell(c, r, IF_AMOUNT), text, sizeof(text));
	if (text[0] == '\0')
		return;
	if (c->rep->shape.separator == ';')
		european_amount(text, plain, sizeof(plain));
	else
		str_copy(plain, sizeof(plain), text);
	const char *err = amount_parse(plain, c->o->currency, &r->d.amount);
	if (err) {
		problem(c, r->row->number, c->col[IF_AMOUNT], "%s", err);
		r->bad = true;
		return;
	}
	r->d.has_amount = true;
}

static void
read_dates(struct ctx *c, struct row_in *r)
{
	bool day_first = c->rep->shape.separator == ';';
	static const enum import_field fields[] = { IF_EXPECTED_CLOSE,
		IF_NEXT_STEP_DUE, IF_CREATED };
	char *out[] = { r->d.expected_close, r->d.next_step_due, r->created };
	for (size_t i = 0; i < GW_ARRAY_LEN(fields); i++) {
		char text[64];
		trim_into(cell(c, r, fields[i]), text, sizeof(text));
		if (text[0] == '\0')
			continue;
		const char *err = import_date(text, day_first, out[i]);
		if (err) {
			problem(c, r->row->number, c->col[fields[i]], "%s: %s",
			    import_field_name(fields[i]), err);
			r->bad = true;
		}
	}
	char today[DATE_SIZE];
	date_of(c->o->now, today);
	if (r->created[0] && strcmp(r->created, today) > 0) {
		problem(c, r->row->number, c->col[IF_CREATED],
		    "created: %s is in the future", r->created);
		r->bad = true;
	}
}

/* When the row's deal was created: noon of the export's date in the
 * configured zone (the day reads the same wherever it is shown), no
 * later than now; now when the file does not say. */
static int64_t
created_at(const struct ctx *c, const struct row_in *r)
{
	int y, m, d;
	if (r->created[0] == '\0' ||
	    sscanf(r->created, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return c->o->now;
	struct tm tm = { .tm_year = y - 1900,
		.tm_mon = m - 1,
		.tm_mday = d,
		.tm_hour = 12,
		.tm_isdst = -1 };
	time_t t = mktime(&tm);
	return t == (time_t)-1 || t > c->o->now ? c->o->now : (int64_t)t;
}

/* An owner by email, or by full name (which must name one person). */
static const struct person *
find_owner(const struct ctx *c, const char *who, int *matches)
{
	const struct person *found = NULL;
	bool email = strchr(who, '@') != NULL;
	*matches = 0;
	for (int i = 0; i < c->npeople; i++) {
		const struct person *p = &c->people[i];
		if (strcasecmp(email ? p->email : p->name, who) == 0) {
			found = p;
			(*matches)++;
		}
	}
	return found;
}

static void
read_owner(struct ctx *c, struct row_in *r)
{
	char who[USER_EMAIL_MAX * 4 + 1];
	trim_into(cell(c, r, IF_OWNER), who, sizeof(who));
	int matches = 0;
	const struct person *p = who[0] ? find_owner(c, who, &matches) : NULL;
	if (matches > 1) {
		problem(c, r->row->number, c->col[IF_OWNER],
		    "\"%s\" names %d people; use their email", who, matches);
		r->bad = true;
		return;
	}
	for (int i = 0; p == NULL && i < c->npeople; i++)
		if (c->people[i].id == c->o->default_owner)
			p = &c->people[i];
	if (p == NULL) {
		problem(c, r->row->number, c->col[IF_OWNER],
		    who[0] ? "the owner \"%s\" matches no active user by "
		             "email or full name"
		           : "the owner is empty%s",
		    who);
		r->bad = true;
		return;
	}
	r->d.owner_id = p->id;
	r->d.team_id = p->team_id;
}

/* A stage name as Groundwork's own, an alias, or a closed state. */
static bool
find_stage(const struct ctx *c, const char *name, int64_t *stage, int *status)
{
	for (int i = 0; i < c->o->nstages; i++)
		if (strcasecmp(c->o->stages[i].name, name) == 0) {
			*stage = c->o->stages[i].stage_id;
			return true;
		}
	for (int i = 0; i < c->stages.n; i++)
		if (strcasecmp(c->stages.list[i].name, name) == 0) {
			*stage = c->stages.list[i].id;
			return true;
		}
	for (int i = 0; i < c->naliases; i++)
		if (strcasecmp(c->aliases[i].name, name) == 0) {
			*stage = c->aliases[i].stage_id;
			return true;
		}
	/* A closed deal whose stage the export does not keep: won in
	 * the last stage, lost in the first. */
	static const struct {
		const char *name;
		int status;
	} closed[] = { { "closed won", DEAL_WON }, { "won", DEAL_WON },
		{ "closed lost", DEAL_LOST }, { "lost", DEAL_LOST } };
	for (size_t i = 0; i < GW_ARRAY_LEN(closed) && c->stages.n > 0; i++)
		if (strcasecmp(closed[i].name, name) == 0) {
			*status = closed[i].status;
			*stage = c->stages
			             .list[*status == DEAL_WON ? c->stages.n - 1
			                                       : 0]
			             .id;
			return true;
		}
	return false;
}

static void
read_stage(struct ctx *c, struct row_in *r)
{
	char name[IMPORT_HEADING_SHOWN * 4 + 1], status[16];
	trim_into(cell(c, r, IF_STAGE), name, sizeof(name));
	trim_into(cell(c, r, IF_STATUS), status, sizeof(status));
	int implied = -1;
	if (name[0] == '\0' || !find_stage(c, name, &r->d.stage_id, &implied)) {
		problem(c, r->row->number, c->col[IF_STAGE],
		    name[0] ? "\"%s\" is not a Groundwork stage; map it to one"
		            : "the stage is empty%s",
		    name);
		if (name[0])
			note_unknown_stage(c->rep, name);
		r->bad = true;
		return;
	}
	for (char *p = status; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	int s = status[0] ? deal_status_from_name(status) : implied;
	if (status[0] && s < 0) {
		problem(c, r->row->number, c->col[IF_STATUS],
		    "the status \"%s\" is not open, won or lost", status);
		r->bad = true;
		return;
	}
	r->d.status = s < 0 ? DEAL_OPEN : (enum deal_status)s;
}

static void
read_id(struct ctx *c, struct row_in *r)
{
	if (c->col[IF_ID] < 0) {
		/* No id column: the company and title are the key, so the
		 * same file imported again finds its deals. */
		char key[sizeof(r->d.company)];
		import_company_key(r->d.company, key, sizeof(key));
		snprintf(r->id, sizeof(r->id), "%.120s|%.70s", key, r->d.title);
		return;
	}
	trim_into(cell(c, r, IF_ID), r->id, sizeof(r->id));
	if (r->id[0] == '\0') {
		problem(c, r->row->number, c->col[IF_ID], "the id is empty");
		r->bad = true;
	} else if (strlen(cell(c, r, IF_ID)) > IMPORT_SOURCE_ID_MAX) {
		problem(c, r->row->number, c->col[IF_ID],
		    "the id is longer than %d bytes", IMPORT_SOURCE_ID_MAX);
		r->bad = true;
	}
}

static void
write_row(struct ctx *c, struct row_in *r)
{
	enum import_outcome out;
	str_copy(r->d.currency, sizeof(r->d.currency), c->o->currency);
	if (imported_deal_write(c->db, &r->d, c->rep->source, r->id,
	        c->o->actor_id, created_at(c, r), c->o->now, &out) != DB_OK) {
		c->failed = true;
		return;
	}
	long *counts[] = { &c->rep->created, &c->rep->updated,
		&c->rep->unchanged };
	(*counts[out])++;
}

static int
on_row(const struct import_row *row, void *arg)
{
	struct ctx *c = arg;
	if (row->number == 1)
		return read_headings(c, row) != 0 || !required_columns(c);
	c->rep->rows++;
	struct row_in *r = xcalloc(1, sizeof(*r));
	r->row = row;
	read_texts(c, r);
	read_money(c, r);
	read_dates(c, r);
	read_owner(c, r);
	read_stage(c, r);
	read_id(c, r);
	if (r->bad)
		c->rep->errors++;
	else
		write_row(c, r);
	free(r);
	return c->failed;
}

/* --- the whole file --------------------------------------------------------- */

static void
audit_import(struct ctx *c, const char *label)
{
	char detail[200];
	snprintf(detail, sizeof(detail),
	    "%s file: %ld created, %ld updated, %ld unchanged, %ld in error",
	    c->rep->source, c->rep->created, c->rep->updated, c->rep->unchanged,
	    c->rep->errors);
	if (audit_add(c->db, c->o->actor_id, "deals.import", label, detail,
	        "") != DB_OK)
		c->failed = true;
}

/* Read every row inside the open transaction; 0 or -1. */
static int
import_rows(struct ctx *c, FILE *f)
{
	struct import_report *rep = c->rep;
	if (!import_csv_sniff(f, &rep->shape, rep->fatal, sizeof(rep->fatal)))
		return -1;
	if (load_lookups(c) != 0) {
		c->failed = true;
		return -1;
	}
	if (import_csv_read(f, &rep->shape, on_row, c, c->o->progress,
	        c->o->progress_arg, rep->fatal, sizeof(rep->fatal)) != 0)
		return -1;
	if (c->failed || rep->fatal[0])
		return -1;
	if (rep->columns == 0) {
		snprintf(rep->fatal, sizeof(rep->fatal), "The file is empty.");
		return -1;
	}
	if (rep->rows == 0) {
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The file has headings but no deals.");
		return -1;
	}
	return 0;
}

int
import_deals(struct db *db, FILE *f, const char *label,
    const struct import_options *o, struct import_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	struct ctx c = { .db = db, .o = o, .rep = rep };
	if (db_tx_begin(db) != DB_OK) {
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The database is busy or failing; nothing was imported.");
		return -1;
	}
	int rc = import_rows(&c, f);
	if (rc == 0 && !o->dry_run)
		audit_import(&c, label);
	if (c.failed && rep->fatal[0] == '\0')
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The database failed; nothing was imported.");
	if (rc != 0 || c.failed || o->dry_run) {
		db_tx_rollback(db);
		rc = c.failed ? -1 : rc;
	} else if (db_tx_commit(db) != DB_OK) {
		snprintf(rep->fatal, sizeof(rep->fatal),
		    "The database failed; nothing was imported.");
		rc = -1;
	} else {
		rep->written = true;
	}
	free(c.people);
	free(c.aliases);
	return rc;
}

/* --- dates and companies ------------------------------------------------- */

static int
month_named(const char *s)
{
	static const char *const months[] = { "january", "february", "march",
		"april", "may", "june", "july", "august", "september",
		"october", "november", "december" };
	size_t n = strlen(s);
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(months[i], s, n) == 0 &&
		    (n == 3 || n == strlen(months[i])))
			return i + 1;
	return 0;
}

/* After the date, nothing, or a time ("T09:30", " 09:30:00"). */
static bool
date_rest(const char *rest)
{
	if (*rest == '\0')
		return true;
	if (*rest != ' ' && *rest != 'T')
		return false;
	int h, m;
	return sscanf(rest + 1, "%2d:%2d", &h, &m) == 2;
}

/* Numeric forms: year first with - or /, day.month.year, and
 * a/b/year read day first or month first. */
static bool
numeric_date(const char *t, bool day_first, int *y, int *m, int *d)
{
	int a, b, c, n = 0;
	char s1, s2;
	if (sscanf(t, "%4d%c%2d%c%2d%n", &a, &s1, &b, &s2, &c, &n) == 5 &&
	    n >= 8 && s1 == s2 && (s1 == '-' || s1 == '/') &&
	    date_rest(t + n)) {
		*y = a, *m = b, *d = c;
		return true;
	}
	n = 0;
	if (sscanf(t, "%2d%c%2d%c%4d%n", &a, &s1, &b, &s2, &c, &n) == 5 &&
	    s1 == s2 && (s1 == '.' || s1 == '/') && c >= 1000 &&
	    date_rest(t + n)) {
		bool dmy = s1 == '.' || day_first;
		*y = c, *m = dmy ? b : a, *d = dmy ? a : b;
		return true;
	}
	return false;
}

/* "14 Mar 2025", "14-Mar-2025", "Mar 14, 2025", "March 14 2025". */
static bool
named_date(const char *t, int *y, int *m, int *d)
{
	char word[16];
	int n = 0;
	if (sscanf(t, "%2d%*[ -]%15[A-Za-z]%*[ -]%4d%n", d, word, y, &n) == 3 &&
	    date_rest(t + n) && (*m = month_named(word)) > 0)
		return true;
	n = 0;
	if (sscanf(t, "%15[A-Za-z] %2d%*[ ,]%4d%n", word, d, y, &n) == 3 &&
	    date_rest(t + n) && (*m = month_named(word)) > 0)
		return true;
	return false;
}

const char *
import_date(const char *text, bool day_first, char out[DATE_SIZE])
{
	int y = 0, m = 0, d = 0;
	if (!numeric_date(text, day_first, &y, &m, &d) &&
	    !named_date(text, &y, &m, &d))
		return "not a date in a form the importer reads (2025-03-14, "
		       "14.03.2025, 03/14/2025, 14 Mar 2025)";
	if (y < DATE_FIRST_YEAR || y > DATE_LAST_YEAR || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return "not a real date between 2000 and 2199";
	snprintf(out, DATE_SIZE, "%04d-%02d-%02d", y, m, d);
	if (!date_valid(out)) {
		out[0] = '\0';
		return "there is no such day in that month";
	}
	return NULL;
}

/* Legal suffixes dropped at the end of a company's name. */
static const char *const company_suffixes[] = { "ltd", "limited", "inc",
	"incorporated", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas", "sarl",
	"bv", "nv", "oy", "ab", "as", "srl", "spa", "pty", "co", "corp",
	"corporation", "company" };

static bool
ends_with_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	return n > w + 1 && s[n - w - 1] == ' ' &&
	       memcmp(s + n - w, word, w) == 0;
}

void
import_company_key(const char *company, char *out, size_t size)
{
	size_t o = 0;
	bool space = false;
	for (const unsigned char *p = (const unsigned char *)company;
	     *p && o + 2 < size; p++) {
		bool word = isalnum(*p) || *p >= 0x80 || *p == '&';
		if (!word) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)tolower(*p);
	}
	out[o] = '\0';
	for (bool cut = true; cut;) {
		cut = false;
		for (size_t i = 0; i < GW_ARRAY_LEN(company_suffixes); i++)
			if (ends_with_word(out, o, company_suffixes[i])) {
				o -= strlen(company_suffixes[i]) + 1;
				out[o] = '\0';
				cut = true;
			}
	}
}
