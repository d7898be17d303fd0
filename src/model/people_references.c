/* What features keep about people, moved when two records of one person
 * are merged (model/people_merge.h). Where there is one row per person and
 * thing (a signature per petition, an RSVP per event, an answer per
 * mobilization), the two rows become one: the kept person's, completed
 * from the dropped one's, so a counted signature or a given answer is never
 * lost and nothing is counted twice. */
#include "model/people_references.h"

#include "db/db.h"
#include "model/people_merge.h"

/* Run in order with ?1 = the kept person, ?2 = the dropped one. */
static const char *const moves[] = {
	/* petitions: a confirmed signature beats an unconfirmed one... */
	"DELETE FROM petition_signatures WHERE person_id = ?1 AND confirmed = 0 AND petition_id IN "
	"(SELECT petition_id FROM petition_signatures WHERE person_id = ?2 AND confirmed = 1)",
	/* ...and two counted signatures of one person count once */
	"UPDATE petitions SET signature_count = signature_count - 1 WHERE id IN "
	"(SELECT d.petition_id FROM petition_signatures d JOIN petition_signatures k "
	"ON k.petition_id = d.petition_id AND k.person_id = ?1 AND k.confirmed = 1 "
	"WHERE d.person_id = ?2 AND d.confirmed = 1)",
	"UPDATE OR IGNORE petition_signatures SET person_id = ?1 WHERE person_id = ?2",
	"DELETE FROM petition_signatures WHERE person_id = ?2",
	/* events: the kept person's RSVP stands; a check-in at the door is kept */
	"UPDATE event_rsvps SET checked_in_at = COALESCE(checked_in_at, (SELECT d.checked_in_at FROM "
	"event_rsvps d WHERE d.person_id = ?2 AND d.event_id = event_rsvps.event_id)) "
	"WHERE person_id = ?1",
	"UPDATE OR IGNORE event_rsvps SET person_id = ?1 WHERE person_id = ?2",
	"DELETE FROM event_rsvps WHERE person_id = ?2",
	/* cases and accompaniment */
	"UPDATE cases SET person_id = ?1 WHERE person_id = ?2",
	"UPDATE OR IGNORE call_signups SET person_id = ?1 WHERE person_id = ?2",
	"DELETE FROM call_signups WHERE person_id = ?2",
	/* mobilizations: an answer given by either record is kept */
	"UPDATE mobilization_answers SET (answer, role, via, answered_at) = (SELECT d.answer, d.role, "
	"d.via, d.answered_at FROM mobilization_answers d WHERE d.person_id = ?2 AND "
	"d.mobilization_id = mobilization_answers.mobilization_id) WHERE person_id = ?1 AND "
	"answer IS NULL AND EXISTS (SELECT 1 FROM mobilization_answers d WHERE d.person_id = ?2 AND "
	"d.mobilization_id = mobilization_answers.mobilization_id AND d.answer IS NOT NULL)",
	"UPDATE OR IGNORE mobilization_answers SET person_id = ?1 WHERE person_id = ?2",
	"DELETE FROM mobilization_answers WHERE person_id = ?2",
	/* replies received */
	"UPDATE sms_inbound SET person_id = ?1 WHERE person_id = ?2",
};

static bool move_references(struct db *db, int64_t keep, int64_t drop)
{
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (db_exec(db, moves[i], DB_ARGS(DB_INT(keep), DB_INT(drop))) != DB_OK)
			return false;
	return true;
}

void people_references_register(void)
{
	person_merge_register(move_references);
}
