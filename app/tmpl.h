/*
 * tmpl.h - a C face on ctemplate.  Every template is auto-escaped by
 * its AUTOESCAPE pragma; this API has no way to turn escaping off.
 * No C++ exception crosses this boundary.
 */
#ifndef GW_TMPL_H
#define GW_TMPL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tmpl_dict tmpl_dict; /* opaque ctemplate dictionary */

/*
 * Load every *.tpl under dir into the cache, then freeze the cache so
 * nothing is read from disk while serving.  On failure returns -1 and
 * writes a message naming the file into err.
 */
int tmpl_preload(const char *dir, char *err, size_t errsize);

/* A new top-level dictionary; free it with tmpl_dict_free(). */
tmpl_dict *tmpl_dict_new(const char *name);
void tmpl_dict_free(tmpl_dict *d);

void tmpl_set_str(tmpl_dict *d, const char *key, const char *value);
void tmpl_set_int(tmpl_dict *d, const char *key, long long value);

/* Add one repetition of a section; the child is owned by d. */
tmpl_dict *tmpl_add_section(tmpl_dict *d, const char *section);
void tmpl_show_section(tmpl_dict *d, const char *section);

/* Fill an {{>NAME}} include with the given file; child owned by d. */
tmpl_dict *tmpl_add_include(tmpl_dict *d, const char *name,
    const char *filename);

/*
 * Expand filename with d into a malloc'd, NUL-terminated buffer that
 * the caller frees.  Returns NULL on any failure.
 */
char *tmpl_expand(const char *filename, const tmpl_dict *d, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
