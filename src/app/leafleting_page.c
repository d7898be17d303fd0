/* The leafleting log, for every staff role: record a shift (place, local
 * date and start time, length, who came, leaflets per language,
 * conversations, follow-ups) and see totals per place and month. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/leafleting.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "model/users.h"

#define RECENT 20
#define SUMMARY_ROWS 60

/* Places the group leaflets at, suggested until its own history has some. */
static const char *const default_places[] = { "74 St–Broadway station", "Diversity Plaza",
	                                      "37th Avenue & 82nd Street", NULL };

struct staff_list {
	struct arena *a;
	int64_t ids[LEAFLETING_MAX_VOLUNTEERS];
	const char *names[LEAFLETING_MAX_VOLUNTEERS];
	const char *id_text[LEAFLETING_MAX_VOLUNTEERS + 1];
	size_t n;
};

static void add_staff(const struct user *u, void *p)
{
	struct staff_list *l = p;
	if (u->disabled || l->n >= LEAFLETING_MAX_VOLUNTEERS)
		return;
	l->ids[l->n] = u->id;
	l->names[l->n] = arena_strdup(l->a, u->display_name && *u->display_name ? u->display_name : "—");
	l->id_text[l->n] = arena_printf(l->a, "%lld", (long long)u->id);
	l->n++;
}

static const char *staff_name(const struct staff_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return l->names[i];
	return "—";
}

static void show(struct request *req, unsigned status, const struct form *f, struct staff_list *staff)
{
	struct settings s;
	settings_get(&s);
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("leafleting.title"));
	view_set_bool(v, "staff_area", true);
	if (request_query(req, "saved") && f == NULL)
		view_set_bool(v, "saved", true);
	if (f) {
		form_to_view(f, v, req->lang);
		view_set(v, "form_error", page_t(req, N_("form.fix_errors")));
	}
	const struct field_result *came = f ? form_field(f, "volunteers") : NULL;
	for (size_t i = 0; i < staff->n; i++) {
		struct view *item = view_add_item(v, "staff");
		view_set(item, "id", staff->id_text[i]);
		view_set(item, "name", staff->names[i]);
		bool on = false;
		if (came)
			for (size_t k = 0; k < came->n_values; k++)
				on = on || strcmp(came->values[k], staff->id_text[i]) == 0;
		else
			on = req->session && req->session->user.id == staff->ids[i];
		view_set_bool(item, "checked", on);
	}
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *item = view_add_item(v, "langs");
		char name[24];
		snprintf(name, sizeof name, "leaflets_%s", s.langs[i]);
		view_set(item, "field", name);
		view_set(item, "code", s.langs[i]);
		view_set(item, "name", i18n_native_name(s.langs[i]));
		const char *typed = f ? form_value(f, name) : NULL;
		view_set(item, "value", typed ? typed : "");
	}
	const char *places[16];
	size_t np = shift_places(db, req->arena, places, 16);
	for (size_t i = 0; i < np; i++)
		view_set(view_add_item(v, "places"), "name", places[i]);
	for (size_t i = 0; np == 0 && default_places[i]; i++)
		view_set(view_add_item(v, "places"), "name", default_places[i]);

	struct shift_summary *sum = arena_alloc(req->arena, sizeof *sum * SUMMARY_ROWS);
	size_t ns = shifts_summary(db, req->arena, sum, SUMMARY_ROWS);
	for (size_t i = 0; i < ns; i++) {
		struct view *row = view_add_item(v, "summary");
		view_set(row, "month", sum[i].month);
		view_set(row, "place", sum[i].place);
		view_set_int(row, "shifts", sum[i].shifts);
		view_set_int(row, "people", sum[i].people);
		view_set_int(row, "leaflets", sum[i].leaflets);
		view_set_int(row, "conversations", sum[i].conversations);
		view_set_int(row, "follow_ups", sum[i].follow_ups);
		for (size_t k = 0; k < sum[i].n_counts; k++) {
			struct view *c = view_add_item(row, "counts");
			view_set(c, "code", sum[i].counts[k].lang);
			view_set_int(c, "n", sum[i].counts[k].leaflets);
		}
	}
	struct shift *recent = arena_alloc(req->arena, sizeof *recent * RECENT);
	size_t nr = shifts_recent(db, req->arena, recent, RECENT);
	for (size_t i = 0; i < nr; i++) {
		struct view *row = view_add_item(v, "shifts");
		view_set(row, "place", recent[i].place);
		view_set(row, "date", recent[i].date);
		view_set(row, "start_time", recent[i].start_time);
		view_set_int(row, "minutes", recent[i].minutes);
		view_set_int(row, "conversations", recent[i].conversations);
		view_set_int(row, "follow_ups", recent[i].follow_ups);
		view_set_int(row, "others", recent[i].others);
		for (size_t k = 0; k < recent[i].n_volunteers; k++)
			view_set(view_add_item(row, "who"), "name", staff_name(staff, recent[i].volunteers[k]));
		for (size_t k = 0; k < recent[i].n_counts; k++) {
			struct view *c = view_add_item(row, "counts");
			view_set(c, "code", recent[i].counts[k].lang);
			view_set_int(c, "n", recent[i].counts[k].leaflets);
		}
	}
	page_render(req, status, "leafleting.html", v);
}

static bool load_staff(struct request *req, struct staff_list *staff)
{
	memset(staff, 0, sizeof *staff);
	staff->a = req->arena;
	struct db *db = db_thread();
	return db && user_each(db, req->arena, add_staff, staff);
}

void leafleting_show(struct request *req)
{
	struct staff_list staff;
	if (!load_staff(req, &staff)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	show(req, 200, NULL, &staff);
}

static bool date_ok(const char *d)
{
	int y, m, day;
	char end;
	return d && strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &end) == 3 && y >= 2000 &&
	       y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= 31 && d[4] == '-' && d[7] == '-';
}

static bool time_ok(const char *t)
{
	int h, m;
	char end;
	return t && strlen(t) == 5 && t[2] == ':' && sscanf(t, "%2d:%2d%c", &h, &m, &end) == 2 && h >= 0 &&
	       h < 24 && m >= 0 && m < 60;
}

struct create_ctx {
	struct shift s;
	int64_t id;
};

static enum db_status create(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->id = shift_create(db, &c->s);
	return c->id > 0 ? DB_OK : DB_ERROR;
}

void leafleting_create(struct request *req)
{
	struct settings s;
	settings_get(&s);
	struct staff_list staff;
	if (!load_staff(req, &staff)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	struct field_spec spec[10 + SETTINGS_MAX_LANGS];
	size_t n = 0;
	spec[n++] = (struct field_spec){ .name = "place", .type = FIELD_TEXT, .required = true, .max_len = 120 };
	spec[n++] = (struct field_spec){ .name = "shift_date", .type = FIELD_TEXT, .required = true, .max_len = 10 };
	spec[n++] = (struct field_spec){ .name = "start_time", .type = FIELD_TEXT, .max_len = 5 };
	spec[n++] = (struct field_spec){ .name = "minutes", .type = FIELD_INT, .min = 0, .max = 1440 };
	spec[n++] = (struct field_spec){ .name = "others", .type = FIELD_INT, .min = 0, .max = 500 };
	spec[n++] = (struct field_spec){ .name = "conversations", .type = FIELD_INT, .min = 0, .max = 100000 };
	spec[n++] = (struct field_spec){ .name = "follow_ups", .type = FIELD_INT, .min = 0, .max = 100000 };
	spec[n++] = (struct field_spec){ .name = "volunteers", .type = FIELD_CHOICES, .choices = staff.id_text };
	size_t first_lang = n;
	for (size_t i = 0; i < s.n_langs; i++)
		spec[n++] = (struct field_spec){ .name = arena_printf(req->arena, "leaflets_%s", s.langs[i]),
		                                 .type = FIELD_INT, .min = 0, .max = 1000000 };
	struct form f;
	form_validate(req->arena, spec, n, &req->form, &f);
	const char *date = form_value(&f, "shift_date"), *start = form_value(&f, "start_time");
	if (date && *date && !date_ok(date))
		form_set_error(&f, "shift_date", N_("leafleting.bad_date"));
	if (start && *start && !time_ok(start))
		form_set_error(&f, "start_time", N_("leafleting.bad_time"));
	if (!f.ok) {
		show(req, 422, &f, &staff);
		return;
	}
	struct create_ctx c = { 0 };
	c.s.place = form_value(&f, "place");
	c.s.date = date;
	c.s.start_time = start ? start : "";
	c.s.minutes = form_field(&f, "minutes")->number;
	c.s.others = form_field(&f, "others")->number;
	c.s.conversations = form_field(&f, "conversations")->number;
	c.s.follow_ups = form_field(&f, "follow_ups")->number;
	c.s.created_by = req->session ? req->session->user.id : 0;
	const struct field_result *came = form_field(&f, "volunteers");
	for (size_t i = 0; i < came->n_values && c.s.n_volunteers < LEAFLETING_MAX_VOLUNTEERS; i++)
		for (size_t k = 0; k < staff.n; k++)
			if (strcmp(came->values[i], staff.id_text[k]) == 0)
				c.s.volunteers[c.s.n_volunteers++] = staff.ids[k];
	for (size_t i = 0; i < s.n_langs && c.s.n_counts < LEAFLETING_MAX_LANGS; i++) {
		c.s.counts[c.s.n_counts].lang = s.langs[i];
		c.s.counts[c.s.n_counts++].leaflets = f.fields[first_lang + i].number;
	}
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, create, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "leafleting.log", "shift", c.id, NULL);
	reply_redirect(req, "/app/leafleting?saved=1");
}
