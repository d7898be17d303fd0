/* Templates are parsed into a flat array of nodes; blocks (#if, #each)
 * store the index just past their end, so rendering is a loop with
 * recursion only for nested blocks and partials (depth-limited). */
#include "html/template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "html/escape.h"

/* ---- views ---- */

enum entry_type { ENTRY_TEXT, ENTRY_TRUSTED, ENTRY_LIST };

struct entry {
	const char *key;
	enum entry_type type;
	const char *text;
	struct view **items;
	size_t count, cap;
	struct entry *next;
};

struct view {
	struct arena *arena;
	const struct view *parent;
	struct entry *entries;
};

struct view *view_new(struct arena *a)
{
	struct view *v = arena_calloc(a, 1, sizeof *v);
	v->arena = a;
	return v;
}

struct arena *view_arena(const struct view *v)
{
	return v->arena;
}

static struct entry *own_entry(struct view *v, const char *key)
{
	for (struct entry *e = v->entries; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	struct entry *e = arena_calloc(v->arena, 1, sizeof *e);
	e->key = arena_strdup(v->arena, key);
	e->next = v->entries;
	v->entries = e;
	return e;
}

void view_set(struct view *v, const char *key, const char *value)
{
	struct entry *e = own_entry(v, key);
	e->type = ENTRY_TEXT;
	e->text = value ? arena_strdup(v->arena, value) : NULL;
}

void view_setf(struct view *v, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(v->arena, fmt, ap);
	va_end(ap);
	struct entry *e = own_entry(v, key);
	e->type = ENTRY_TEXT;
	e->text = s;
}

void view_set_bool(struct view *v, const char *key, bool on)
{
	view_set(v, key, on ? "1" : NULL);
}

void view_set_int(struct view *v, const char *key, long long n)
{
	view_setf(v, key, "%lld", n);
}

void view_set_trusted_html(struct view *v, const char *key, const char *html)
{
	struct entry *e = own_entry(v, key);
	e->type = ENTRY_TRUSTED;
	e->text = html;
}

struct view *view_add_item(struct view *v, const char *key)
{
	struct entry *e = own_entry(v, key);
	if (e->type != ENTRY_LIST) {
		e->type = ENTRY_LIST;
		e->items = NULL;
		e->count = e->cap = 0;
	}
	if (e->count == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct view **items = arena_alloc(v->arena, cap * sizeof *items);
		if (e->count)
			memcpy(items, e->items, e->count * sizeof *items);
		e->items = items;
		e->cap = cap;
	}
	struct view *item = view_new(v->arena);
	item->parent = v;
	e->items[e->count++] = item;
	return item;
}

static const struct entry *lookup(const struct view *v, const char *key)
{
	for (; v != NULL; v = v->parent)
		for (const struct entry *e = v->entries; e; e = e->next)
			if (strcmp(e->key, key) == 0)
				return e;
	return NULL;
}

const char *view_get(const struct view *v, const char *key)
{
	const struct entry *e = lookup(v, key);
	return e && e->type == ENTRY_TEXT ? e->text : NULL;
}

/* ---- parsing ---- */

enum node_type {
	NODE_TEXT, NODE_VAR, NODE_URL, NODE_T, NODE_ASSET, NODE_IF, NODE_UNLESS,
	NODE_ELSE, NODE_EACH, NODE_PARTIAL, NODE_RAW,
};

struct node {
	enum node_type type;
	const char *arg;  /* text, name, message id, partial name */
	size_t len;       /* NODE_TEXT length */
	size_t else_at;   /* #if/#unless: index of NODE_ELSE or end */
	size_t end;       /* blocks: index just past the block */
};

struct template {
	char *name;
	char *source;
	struct node *nodes;
	size_t count;
};

struct tpl_set {
	struct template *items;
	size_t count, cap;
};

struct tpl_set *tpl_set_new(void)
{
	struct tpl_set *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	return s;
}

void tpl_set_free(struct tpl_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->count; i++) {
		free(set->items[i].name);
		free(set->items[i].source);
		free(set->items[i].nodes);
	}
	free(set->items);
	free(set);
}

static const struct template *find(const struct tpl_set *set, const char *name)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->items[i].name, name) == 0)
			return &set->items[i];
	return NULL;
}

bool tpl_exists(const struct tpl_set *set, const char *name)
{
	return find(set, name) != NULL;
}

static size_t line_of(const char *start, const char *at)
{
	size_t line = 1;
	for (const char *p = start; p < at; p++)
		if (*p == '\n')
			line++;
	return line;
}

static bool valid_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

#define MAX_DEPTH 32

bool tpl_set_add(struct tpl_set *set, const char *name, const char *text, size_t len,
                 char *err, size_t err_size)
{
	char *src = malloc(len + 1);
	size_t cap = 64, count = 0;
	struct node *nodes = malloc(cap * sizeof *nodes);
	size_t stack[MAX_DEPTH];
	size_t depth = 0;
	if (src == NULL || nodes == NULL)
		abort();
	memcpy(src, text, len);
	src[len] = '\0';

	/* Tags are cut out of `src` in place: each "{{" .. "}}" becomes a
	 * NUL-terminated argument string. */
	char *p = src, *end = src + len;
	while (p < end) {
		if (count + 2 >= cap) {
			cap *= 2;
			nodes = realloc(nodes, cap * sizeof *nodes);
			if (nodes == NULL)
				abort();
		}
		char *open = strstr(p, "{{");
		if (open == NULL || open >= end)
			open = end;
		if (open > p)
			nodes[count++] = (struct node){ .type = NODE_TEXT, .arg = p, .len = (size_t)(open - p) };
		if (open == end)
			break;
		char *close = strstr(open + 2, "}}");
		if (close == NULL) {
			snprintf(err, err_size, "%s:%zu: unclosed {{", name, line_of(src, open));
			goto fail;
		}
		size_t line = line_of(src, open);
		*close = '\0';
		char *tag = open + 2;
		while (*tag == ' ')
			tag++;
		char *t = close;
		while (t > tag && t[-1] == ' ')
			*--t = '\0';
		p = close + 2;

		struct node n = { 0 };
		const char *arg = NULL;
		if (tag[0] == '!') {
			continue;
		} else if (strncmp(tag, "#if ", 4) == 0) {
			n.type = NODE_IF; arg = tag + 4;
		} else if (strncmp(tag, "#unless ", 8) == 0) {
			n.type = NODE_UNLESS; arg = tag + 8;
		} else if (strncmp(tag, "#each ", 6) == 0) {
			n.type = NODE_EACH; arg = tag + 6;
		} else if (strcmp(tag, "else") == 0) {
			if (depth == 0 || nodes[stack[depth - 1]].type == NODE_EACH ||
			    nodes[stack[depth - 1]].else_at != 0) {
				snprintf(err, err_size, "%s:%zu: stray {{else}}", name, line);
				goto fail;
			}
			nodes[stack[depth - 1]].else_at = count;
			nodes[count++] = (struct node){ .type = NODE_ELSE };
			continue;
		} else if (tag[0] == '/') {
			static const struct { const char *tag; enum node_type type; } closers[] = {
				{ "/if", NODE_IF }, { "/unless", NODE_UNLESS }, { "/each", NODE_EACH },
			};
			bool ok = false;
			for (size_t i = 0; i < 3 && depth > 0; i++)
				if (strcmp(tag, closers[i].tag) == 0 &&
				    nodes[stack[depth - 1]].type == closers[i].type)
					ok = true;
			if (!ok) {
				snprintf(err, err_size, "%s:%zu: unexpected {{%s}}", name, line, tag);
				goto fail;
			}
			struct node *open_node = &nodes[stack[--depth]];
			open_node->end = count;
			if (open_node->else_at == 0)
				open_node->else_at = count;
			continue;
		} else if (strncmp(tag, "> ", 2) == 0) {
			n.type = NODE_PARTIAL; arg = tag + 2;
		} else if (strncmp(tag, "url ", 4) == 0) {
			n.type = NODE_URL; arg = tag + 4;
		} else if (strncmp(tag, "t ", 2) == 0) {
			n.type = NODE_T; arg = tag + 2;
		} else if (strncmp(tag, "asset ", 6) == 0) {
			n.type = NODE_ASSET; arg = tag + 6;
		} else if (strncmp(tag, "raw_trusted_html ", 17) == 0) {
			n.type = NODE_RAW; arg = tag + 17;
		} else {
			n.type = NODE_VAR; arg = tag;
		}
		while (*arg == ' ')
			arg++;
		if (!valid_name(arg)) {
			snprintf(err, err_size, "%s:%zu: bad name in {{%s}}", name, line, tag);
			goto fail;
		}
		n.arg = arg;
		if (n.type == NODE_IF || n.type == NODE_UNLESS || n.type == NODE_EACH) {
			if (depth == MAX_DEPTH) {
				snprintf(err, err_size, "%s:%zu: blocks nested too deep", name, line);
				goto fail;
			}
			stack[depth++] = count;
		}
		nodes[count++] = n;
	}
	if (depth != 0) {
		snprintf(err, err_size, "%s: unclosed {{#%s}}", name, nodes[stack[depth - 1]].arg);
		goto fail;
	}
	if (set->count == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->items = realloc(set->items, set->cap * sizeof *set->items);
		if (set->items == NULL)
			abort();
	}
	set->items[set->count++] = (struct template){ strdup(name), src, nodes, count };
	return true;
fail:
	free(src);
	free(nodes);
	return false;
}

/* ---- rendering ---- */

static bool truthy(const struct entry *e)
{
	if (e == NULL)
		return false;
	if (e->type == ENTRY_LIST)
		return e->count > 0;
	return e->text != NULL && e->text[0] != '\0' && strcmp(e->text, "0") != 0;
}

void tpl_format_message(struct buf *out, const char *msg, const struct view *view)
{
	const char *run = msg;
	for (const char *p = msg; *p; p++) {
		if (*p != '{')
			continue;
		const char *close = strchr(p + 1, '}');
		if (close == NULL || close - p - 1 > 64 || close == p + 1)
			continue;
		char key[65];
		memcpy(key, p + 1, (size_t)(close - p - 1));
		key[close - p - 1] = '\0';
		if (!valid_name(key))
			continue;
		/* Literal text before the placeholder is escaped like any text. */
		char *lit = arena_strndup(out->arena, run, (size_t)(p - run));
		escape_html(out, lit);
		const char *v = view ? view_get(view, key) : NULL;
		if (v != NULL)
			escape_html(out, v);
		run = close + 1;
		p = close;
	}
	escape_html(out, run);
}

/* Templates can include each other, so rendering is bounded twice: by
 * nesting depth and by a budget of nodes, which a template that includes
 * itself (a bug, but one that must not take the server down) exhausts. */
#define RENDER_BUDGET 500000L

struct render {
	const struct tpl_set *set;
	const struct tpl_env *env;
	struct buf *out;
	long budget;
};

static void render_range(struct render *r, const struct template *t, size_t from, size_t to,
                         const struct view *view, int depth);

static void render_node_block(struct render *r, const struct template *t, size_t i,
                              const struct view *view, int depth)
{
	const struct node *n = &t->nodes[i];
	const struct entry *e = lookup(view, n->arg);
	if (n->type == NODE_EACH) {
		if (e != NULL && e->type == ENTRY_LIST)
			for (size_t k = 0; k < e->count; k++)
				render_range(r, t, i + 1, n->end, e->items[k], depth + 1);
		return;
	}
	bool cond = truthy(e);
	if (n->type == NODE_UNLESS)
		cond = !cond;
	if (cond)
		render_range(r, t, i + 1, n->else_at, view, depth + 1);
	else if (n->else_at < n->end)
		render_range(r, t, n->else_at + 1, n->end, view, depth + 1);
}

static void render_range(struct render *r, const struct template *t, size_t from, size_t to,
                         const struct view *view, int depth)
{
	const struct tpl_env *env = r->env;
	struct buf *out = r->out;
	if (depth > MAX_DEPTH * 2)
		return;
	for (size_t i = from; i < to; i++) {
		if (--r->budget < 0)
			return;
		const struct node *n = &t->nodes[i];
		switch (n->type) {
		case NODE_TEXT:
			buf_append(out, n->arg, n->len);
			break;
		case NODE_VAR: {
			const char *v = view_get(view, n->arg);
			if (v)
				escape_html(out, v);
			break;
		}
		case NODE_URL: {
			const char *v = view_get(view, n->arg);
			if (v)
				escape_url_attr(out, v);
			break;
		}
		case NODE_T:
			tpl_format_message(out, env && env->translate ? env->translate(env->ud, n->arg) : n->arg,
			                   view);
			break;
		case NODE_ASSET: {
			const char *u = env && env->asset_url ? env->asset_url(env->ud, n->arg) : NULL;
			escape_url_attr(out, u ? u : "#");
			break;
		}
		case NODE_RAW: {
			const struct entry *e = lookup(view, n->arg);
			if (e && e->type == ENTRY_TRUSTED && e->text)
				buf_puts(out, e->text);
			break;
		}
		case NODE_PARTIAL: {
			const struct template *p = find(r->set, n->arg);
			if (p && depth < 16)
				render_range(r, p, 0, p->count, view, depth + 1);
			break;
		}
		case NODE_IF:
		case NODE_UNLESS:
		case NODE_EACH:
			render_node_block(r, t, i, view, depth);
			i = n->end - 1;
			break;
		case NODE_ELSE:
			return; /* only reached at the end of a then-branch */
		}
	}
}

bool tpl_render(const struct tpl_set *set, const char *name, const struct view *view,
                const struct tpl_env *env, struct buf *out)
{
	const struct template *t = find(set, name);
	if (t == NULL)
		return false;
	struct render r = { set, env, out, RENDER_BUDGET };
	render_range(&r, t, 0, t->count, view, 0);
	return true;
}
