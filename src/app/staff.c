#include "app/app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "html/template.h"
#include "http/request.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "i18n/msgid.h"

/* The staff area's front page; later features add their sections. */
void staff_home(struct request *req)
{
	struct view *v = page_view(req, N_("app.title"));
	view_set_bool(v, "nav_app", true);
	view_set_bool(v, "staff_area", true);
	struct settings s;
	settings_get(&s);
	view_set_bool(v, "can_edit_rights", perm_allows(req->actor, ACT_RIGHTS_EDIT));
	view_set_bool(v, "twofa_off_warning", !s.require_2fa && req->session->user.role == ROLE_ADMIN);
	view_set_bool(v, "can_messages", req->session->user.role != ROLE_VOLUNTEER);
	view_set_bool(v, "can_cases", perm_allows(req->actor, ACT_CASES_READ));
	page_render(req, 200, "app_home.html", v);
}
