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
/* "http(s)://host" of this request when the Host header is plausible. */
char *rights_origin(struct request *req);

#endif
