/*
 * cli_digest.c - "groundwork digest": send the emails that are due now
 * (groundwork-digest.timer runs it every 15 minutes), or with --dry-run
 * write them as .eml files and change nothing.  Also the mail lines of
 * "groundwork doctor".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "cli.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "digest.h"
#include "tmpl.h"
#include "util.h"

static const char
    usage[] = "usage: groundwork digest [--dry-run] [--user EMAIL] [--out DIR] "
              "[--everyone] [--now UNIXTIME]\n";

/* "--now" takes Unix seconds (tests and catching up). */
static int
parse_now(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || v < 946684800LL || v > 7258118400LL)
		return -1;
	*out = v;
	return 0;
}

static int
digest_args(int argc, char **argv, struct digest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->now = now_seconds();
	o->log = stdout;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--dry-run") == 0)
			o->dry_run = true;
		else if (strcmp(a, "--everyone") == 0)
			o->everyone = true;
		else if (strcmp(a, "--user") == 0 && v)
			o->user = argv[++i];
		else if (strcmp(a, "--out") == 0 && v)
			o->out_dir = argv[++i];
		else if (strcmp(a, "--now") == 0 && v &&
		         parse_now(v, &o->now) == 0)
			i++;
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if ((o->everyone || o->out_dir) && !o->dry_run) {
		fprintf(stderr, "groundwork digest: --everyone and --out go "
		                "with --dry-run\n");
		return 2;
	}
	return 0;
}

/* The templates, the directory a dry run writes into, libsodium. */
static int
digest_setup(const struct digest_opts *o)
{
	char views[600], err[1024];
	snprintf(views, sizeof(views), "%s/views", cfg.share_dir);
	if (tmpl_preload(views, err, sizeof(err)) != 0) {
		fprintf(stderr, "groundwork: %s\n", err);
		return -1;
	}
	/* Tokens only: auth_init()'s dummy password hash would cost 64 MiB
	 * this command never needs. */
	if (sodium_init() < 0) {
		fprintf(stderr, "groundwork: libsodium failed to start\n");
		return -1;
	}
	if (o->out_dir && mkdir(o->out_dir, 0700) != 0) {
		struct stat sb;
		if (stat(o->out_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "groundwork: cannot use %s\n",
			    o->out_dir);
			return -1;
		}
	}
	return 0;
}

int
cli_digest(int argc, char **argv)
{
	struct digest_opts o;
	int rc = digest_args(argc, argv, &o);
	if (rc != 0)
		return rc;
	if (digest_setup(&o) != 0)
		return 1;
	struct db *db = cli_open_db();
	if (db == NULL)
		return 1;
	struct digest_tally t;
	int r = digest_run(db, &o, &t);
	db_close(db);
	if (o.dry_run)
		printf("groundwork: wrote %d emails into %s; %d had nothing "
		       "to say\n",
		    t.written, o.out_dir ? o.out_dir : ".", t.empty);
	else
		printf("groundwork: sent %d emails, %d had nothing to say, %d "
		       "refused (to be tried again), %d given up, %d already "
		       "taken by another run\n",
		    t.sent, t.empty, t.refused, t.failed, t.skipped);
	if (r != 0) {
		fprintf(stderr, "groundwork: the digest run stopped on a "
		                "database error; the next run carries on\n");
		return 1;
	}
	return t.failed ? 1 : 0;
}

void
cli_digest_doctor(struct db *db,
    void (*verdict)(bool ok, const char *what, const char *advice))
{
	struct digest_health h;
	char line[800];
	if (digest_health_read(db, now_seconds(), &h) != DB_OK) {
		verdict(false, "the outbox can be read",
		    "run 'groundwork migrate'");
		return;
	}
	snprintf(line, sizeof(line), "the mailer (%s) can be used",
	    cfg.sendmail);
	verdict(h.mailer_ok, line, h.why);
	snprintf(line, sizeof(line),
	    "no email given up on (%lld sent, %lld waiting to be tried again)",
	    (long long)h.sent, (long long)h.waiting);
	verdict(h.failed == 0, line,
	    "see /admin/mail for each address and the mailer's answer");
	snprintf(line, sizeof(line),
	    "no email left half-sent by a run that was stopped (%lld)",
	    (long long)h.stuck);
	verdict(h.stuck == 0, line,
	    "those were not sent again; see /admin/mail");
}
