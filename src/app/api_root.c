#include "app/app.h"
#include "core/arena.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/settings.h"

/* The OSDI API entry point. Resource links are added as each resource
 * (people, tags, petitions, events...) is built. */
void api_root_show(struct request *req)
{
	struct settings s;
	settings_get(&s);
	json_t *doc = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:i, s:{s:[{s:s, s:s, s:b}], s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}",
		"motd", s.group_name,
		"vendor_name", "Sanctuary",
		"product_name", "Sanctuary",
		"osdi_version", "1.1.1",
		"namespace", "sanctuary",
		"max_pagesize", 100,
		"_links",
		"curies", "name", "osdi", "href", "/docs/v1/{rel}", "templated", 1,
		"self", "href", "/api/v1/",
		"osdi:people", "href", "/api/v1/people",
		"osdi:tags", "href", "/api/v1/tags",
		"osdi:person_signup_helper", "href", "/api/v1/people/signup");
	json_object_set_new(json_object_get(doc, "_links"), "osdi:messages",
	                    json_pack("{s:s}", "href", "/api/v1/messages"));
	/* our own resources, under the sanctuary: curie */
	json_t *links = json_object_get(doc, "_links");
	json_array_append_new(json_object_get(links, "curies"),
	                      json_pack("{s:s, s:s, s:b}", "name", "sanctuary", "href", "/docs/sanctuary/{rel}",
	                                "templated", 1));
	json_object_set_new(links, "sanctuary:cases", json_pack("{s:s}", "href", "/api/v1/cases"));
	reply_hal(req, 200, doc);
}
