-- The platform: group settings and content translations.
-- Times are Unix seconds, UTC.

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- Content (not UI) translations: one row per entity, field and language,
-- each with its own review status. Later features (articles, petitions,
-- events, messages) store their translatable text here.
CREATE TABLE translations (
	entity TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	field TEXT NOT NULL,
	lang TEXT NOT NULL,
	value TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'native_reviewed', 'lawyer_reviewed')),
	reviewed_by TEXT,
	reviewed_at INTEGER,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (entity, entity_id, field, lang)
) STRICT;
