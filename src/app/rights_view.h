/* Pieces the rights pages share (public library, leaflets, staff). */
#ifndef SANCTUARY_RIGHTS_VIEW_H
#define SANCTUARY_RIGHTS_VIEW_H

struct arena;
struct request;
struct view;

/* "tel:+18005550100" from a number as people write it. */
char *rights_tel_href(struct arena *a, const char *number);
/* The list "hotlines" (the group's own first, then the city and state
 * lines the group chose) and "main_hotline"/"main_hotline_href". */
void rights_add_hotlines(struct request *req, struct view *v);
/* The language to show content in: ?lang= when it names a spoken language
 * the interface is not translated into (e.g. Tibetan: articles can be,
 * the menus fall back), else the request's language. */
const char *rights_content_lang(struct request *req);
/* A language's own name, for interface and content-only languages. */
const char *rights_lang_name(const char *code);
/* "http(s)://host" of this request when the Host header is plausible. */
char *rights_origin(struct request *req);

#endif
