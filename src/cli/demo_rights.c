/* Demo content for the rights library and the leafleting log: the city and
 * state hotlines switched on, one translation marked as reviewed, the
 * group's own advice where sources disagree, Nepali and Urdu drafts of
 * "at home" (short, pointing to the English for the disputes), and a few
 * months of leafleting shifts. Running it again changes nothing. */
#include <string.h>

#include "cli/demo.h"
#include "db/db.h"
#include "model/leafleting.h"
#include "model/rights.h"

static const char ne_title[] = "अध्यागमन एजेन्टहरू तपाईंको घरमा आए भने";
static const char ne_summary[] = "ढोका बन्द राख्नुहोस्, वारेन्ट ढोकामुनिबाट माग्नुहोस्, भन्नुहोस् \"म सहमति दिन्नँ\"।";
static const char ne_body[] =
	"कुरा गर्न ढोका खोल्नु पर्दैन। ढोका बन्द राख्नुहोस् र उनीहरू को हुन्, कुन निकायबाट आएका हुन् सोध्नुहोस्।\n\n"
	"## वारेन्ट\n"
	"- **वारेन्ट ढोकामुनिबाट छिराउन** भन्नुहोस्। पढ्न ढोका नखोल्नुहोस्।\n"
	"- **अदालतको वारेन्टको** माथि अदालतको नाम हुन्छ र न्यायाधीशको सही हुन्छ। त्यसमा तपाईंको ठेगाना वा यहाँ बस्ने "
	"व्यक्तिको नाम हुनुपर्छ, र समयसीमाभित्र हुनुपर्छ।\n"
	"- **ICE को प्रशासनिक वारेन्टको** माथि \"Department of Homeland Security\" लेखिएको हुन्छ, फारम I-200 वा I-205 "
	"हुन्छ, र अध्यागमन अधिकारीको सही हुन्छ। यसले तपाईंको सहमतिबिना घरमा पस्न **दिँदैन** भनेर अधिकारकर्मीहरू भन्छन्।\n\n"
	"फोनमा [वारेन्ट जाँच](/rights/warrant) प्रयोग गर्नुहोस्।\n\n"
	"## के भन्ने, के गर्ने\n"
	"- भन्नुहोस्: **\"तपाईंहरू भित्र आउन म सहमति दिन्नँ।\"** त्यसपछि चुप बस्नुहोस्।\n"
	"- झुटो नबोल्नुहोस्, प्रतिरोध नगर्नुहोस्, वकिलबिना केहीमा सही नगर्नुहोस्।\n"
	"- हटलाइनमा फोन गर्नुहोस्।\n\n"
	"## स्रोतहरू असहमत छन्\n"
	"- अदालतको वारेन्ट हुँदा ढोका खोल्ने कि नखोल्ने: केही स्रोत पालना गर्न भन्छन्, अरू कहिल्यै नखोल्न भन्छन्।\n"
	"- ICE को मे २०२५ को मेमोले I-205 ले घरमा बल प्रयोग गरेर पस्न दिन्छ भन्छ; अदालत र अधिकारकर्मीहरू असहमत छन् "
	"(जनवरी र अप्रिल २०२६)। अंग्रेजी संस्करणमा पूरा विवरण छ।\n";

static const char ur_title[] = "اگر امیگریشن ایجنٹ آپ کے گھر آئیں";
static const char ur_summary[] = "دروازہ بند رکھیں، وارنٹ دروازے کے نیچے سے مانگیں، کہیں \"میں اجازت نہیں دیتا/دیتی\"۔";
static const char ur_body[] =
	"بات کرنے کے لیے دروازہ کھولنا ضروری نہیں۔ دروازہ بند رکھیں اور پوچھیں کہ وہ کون ہیں اور کس ادارے سے آئے ہیں۔\n\n"
	"## وارنٹ\n"
	"- **وارنٹ دروازے کے نیچے سے دینے** کو کہیں۔ پڑھنے کے لیے دروازہ نہ کھولیں۔\n"
	"- **عدالتی وارنٹ** کے اوپر کسی عدالت کا نام اور جج کے دستخط ہوتے ہیں۔ اس میں آپ کا پتہ یا یہاں رہنے والے شخص "
	"کا نام ہونا چاہیے، اور وہ اپنی مدت کے اندر ہونا چاہیے۔\n"
	"- **ICE کے انتظامی وارنٹ** کے اوپر \"Department of Homeland Security\" لکھا ہوتا ہے، وہ فارم I-200 یا I-205 "
	"ہوتا ہے، اور اس پر امیگریشن افسر کے دستخط ہوتے ہیں۔ حقوق کی تنظیمیں کہتی ہیں کہ یہ آپ کی اجازت کے بغیر گھر میں "
	"داخلے کی اجازت **نہیں** دیتا۔\n\n"
	"فون پر [وارنٹ کی جانچ](/rights/warrant) استعمال کریں۔\n\n"
	"## کیا کہیں، کیا کریں\n"
	"- کہیں: **\"میں آپ کے اندر آنے کی اجازت نہیں دیتا/دیتی۔\"** پھر خاموش رہیں۔\n"
	"- جھوٹ نہ بولیں، مزاحمت نہ کریں، وکیل کے بغیر کسی چیز پر دستخط نہ کریں۔\n"
	"- ہاٹ لائن پر فون کریں۔\n\n"
	"## جہاں ذرائع متفق نہیں\n"
	"- عدالتی وارنٹ پر دروازہ کھولیں یا نہیں: کچھ ذرائع تعمیل کا کہتے ہیں، کچھ کبھی نہ کھولنے کا۔\n"
	"- ICE کا مئی 2025 کا میمو کہتا ہے کہ I-205 کے ساتھ گھر میں زبردستی داخلہ ہو سکتا ہے؛ عدالتیں اور تنظیمیں اس سے "
	"اختلاف کرتی ہیں (جنوری اور اپریل 2026)۔ پوری تفصیل انگریزی نسخے میں ہے۔\n";

static const char en_guidance[] =
	"*Demo: an example of the group's choice.* We advise: **do not open the door**, even for a judicial "
	"warrant. Ask for it under the door and call our hotline while you read it with us.";

static const struct {
	const char *place, *date, *start;
	int minutes, others, conversations, follow_ups;
	struct { const char *lang; int n; } counts[4];
} shifts[] = {
	{ "Diversity Plaza", "2026-09-12", "17:00", 120, 4, 23, 5, { { "en", 60 }, { "bn", 90 }, { "es", 40 }, { "ne", 25 } } },
	{ "74 St–Broadway station", "2026-09-26", "07:30", 90, 3, 15, 2, { { "en", 50 }, { "es", 70 }, { "bn", 45 }, { "ur", 20 } } },
	{ "Diversity Plaza", "2026-10-10", "17:30", 120, 5, 31, 7, { { "bn", 110 }, { "en", 40 }, { "ne", 35 }, { "ur", 15 } } },
	{ "37th Avenue & 82nd Street", "2026-10-24", "11:00", 150, 2, 12, 3, { { "es", 80 }, { "en", 30 }, { NULL, 0 } } },
	{ "74 St–Broadway station", "2026-11-07", "18:00", 90, 4, 19, 4, { { "es", 65 }, { "bn", 55 }, { "en", 35 }, { "ne", 20 } } },
};

static bool has(struct db *db, const char *sql, struct db_val arg)
{
	int64_t n = 0;
	return db_get_int(db, sql, &arg, 1, &n) == DB_OK && n > 0;
}

enum db_status demo_fill_rights(struct db *db)
{
	if (db_exec(db, "UPDATE hotlines SET enabled = 1 WHERE number IN ('800-354-0365', '800-566-7636')",
	            DB_NOARGS) != DB_OK)
		return DB_ERROR;
	if (!has(db, "SELECT COUNT(*) FROM article_translations WHERE article_id = 1 AND lang = ?", DB_TEXT("ne"))) {
		struct article_text t = { ne_title, ne_summary, ne_body, "", REVIEW_DRAFT, NULL, 0 };
		if (!rights_put_translation(db, 1, "ne", &t))
			return DB_ERROR;
	}
	if (!has(db, "SELECT COUNT(*) FROM article_translations WHERE article_id = 1 AND lang = ?", DB_TEXT("ur"))) {
		struct article_text t = { ur_title, ur_summary, ur_body, "", REVIEW_DRAFT, NULL, 0 };
		if (!rights_put_translation(db, 1, "ur", &t))
			return DB_ERROR;
	}
	/* The group's advice on the disputed points of "at home", in English. */
	if (db_exec(db, "UPDATE article_translations SET guidance = ? WHERE article_id = 1 AND lang = 'en' "
	                "AND guidance = ''",
	            DB_ARGS(DB_TEXT(en_guidance))) != DB_OK)
		return DB_ERROR;
	/* One translation a native speaker has read. */
	if (db_exec(db, "UPDATE article_translations SET status = 'native_reviewed', reviewed_by = ?, "
	                "reviewed_at = updated_at WHERE article_id = 2 AND lang = 'es' AND status = 'draft'",
	            DB_ARGS(DB_TEXT("José G. (demo)"))) != DB_OK)
		return DB_ERROR;
	if (has(db, "SELECT COUNT(*) FROM leafleting_shifts WHERE place = ?", DB_TEXT("Diversity Plaza")))
		return DB_OK;
	for (size_t i = 0; i < sizeof shifts / sizeof shifts[0]; i++) {
		struct shift s = { .place = shifts[i].place, .date = shifts[i].date, .start_time = shifts[i].start,
		                   .minutes = shifts[i].minutes, .others = shifts[i].others,
		                   .conversations = shifts[i].conversations, .follow_ups = shifts[i].follow_ups };
		for (size_t k = 0; k < 4 && shifts[i].counts[k].lang; k++) {
			s.counts[s.n_counts].lang = shifts[i].counts[k].lang;
			s.counts[s.n_counts++].leaflets = shifts[i].counts[k].n;
		}
		if (shift_create(db, &s) < 0)
			return DB_ERROR;
	}
	return DB_OK;
}
