// tmpl.cc - the ctemplate shim behind tmpl.h.  Every entry point
// catches all exceptions, so C callers only ever see return values.
#include "tmpl.h"

#include <ctemplate/template.h>
#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using ctemplate::TemplateDictionary;

static TemplateDictionary *
D(tmpl_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

static tmpl_dict *
C(TemplateDictionary *d)
{
	return reinterpret_cast<tmpl_dict *>(d);
}

static const ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;

extern "C" int
tmpl_preload(const char *dir, char *err, size_t errsize)
{
	try {
		ctemplate::TemplateCache
		    *cache = ctemplate::mutable_default_template_cache();
		std::string root(dir);
		if (root.empty() || root[root.size() - 1] != '/')
			root += '/';
		if (!cache->SetTemplateRootDirectory(root)) {
			snprintf(err, errsize, "template directory %s unusable",
			    dir);
			return -1;
		}
		DIR *dh = opendir(dir);
		if (dh == nullptr) {
			snprintf(err, errsize,
			    "cannot open template directory %s", dir);
			return -1;
		}
		std::vector<std::string> names;
		while (struct dirent *e = readdir(dh)) {
			size_t n = strlen(e->d_name);
			if (n > 4 && strcmp(e->d_name + n - 4, ".tpl") == 0)
				names.push_back(e->d_name);
		}
		closedir(dh);
		if (names.empty()) {
			snprintf(err, errsize, "no templates in %s", dir);
			return -1;
		}
		std::sort(names.begin(), names.end());
		for (const std::string &name : names) {
			if (!cache->LoadTemplate(name, kStrip)) {
				snprintf(err, errsize,
				    "template %s%s failed to load or parse",
				    root.c_str(), name.c_str());
				return -1;
			}
		}
		cache->Freeze();
		return 0;
	} catch (...) {
		snprintf(err, errsize, "template loading raised an exception");
		return -1;
	}
}

extern "C" tmpl_dict *
tmpl_dict_new(const char *name)
{
	try {
		return C(new TemplateDictionary(name));
	} catch (...) {
		abort(); // only std::bad_alloc can get here
	}
}

extern "C" void
tmpl_dict_free(tmpl_dict *d)
{
	delete D(d);
}

extern "C" void
tmpl_set_str(tmpl_dict *d, const char *key, const char *value)
{
	try {
		D(d)->SetValue(key, value ? value : "");
	} catch (...) {
		abort();
	}
}

extern "C" void
tmpl_set_int(tmpl_dict *d, const char *key, long long value)
{
	try {
		char num[32];
		snprintf(num, sizeof(num), "%lld", value);
		D(d)->SetValue(key, num);
	} catch (...) {
		abort();
	}
}

extern "C" tmpl_dict *
tmpl_add_section(tmpl_dict *d, const char *section)
{
	try {
		return C(D(d)->AddSectionDictionary(section));
	} catch (...) {
		abort();
	}
}

extern "C" void
tmpl_show_section(tmpl_dict *d, const char *section)
{
	try {
		D(d)->ShowSection(section);
	} catch (...) {
		abort();
	}
}

extern "C" tmpl_dict *
tmpl_add_include(tmpl_dict *d, const char *name, const char *filename)
{
	try {
		TemplateDictionary *child = D(d)->AddIncludeDictionary(name);
		child->SetFilename(filename);
		return C(child);
	} catch (...) {
		abort();
	}
}

extern "C" char *
tmpl_expand(const char *filename, const tmpl_dict *d, size_t *len)
{
	try {
		std::string out;
		if (!ctemplate::ExpandTemplate(filename, kStrip,
		        reinterpret_cast<const TemplateDictionary *>(d), &out))
			return nullptr;
		char *p = static_cast<char *>(malloc(out.size() + 1));
		if (p == nullptr)
			return nullptr;
		memcpy(p, out.data(), out.size());
		p[out.size()] = '\0';
		if (len)
			*len = out.size();
		return p;
	} catch (...) {
		return nullptr;
	}
}
