-- People tools: the duplicate finder's index, and staff imports (an
-- uploaded CSV waiting for its column mapping, a dry run, or running).

CREATE INDEX people_name_postal ON people(name_fold, postal_code) WHERE merged_into IS NULL;

CREATE TABLE imports (
	id INTEGER PRIMARY KEY,
	token TEXT NOT NULL UNIQUE,           -- the URL's id: not guessable, not sequential
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	filename TEXT NOT NULL DEFAULT '',
	data_sealed BLOB,                     -- the uploaded file, sealed; erased once imported
	mapping TEXT NOT NULL DEFAULT '',     -- "given_name=0,email=2,..." (column numbers)
	state TEXT NOT NULL DEFAULT 'uploaded'
		CHECK (state IN ('uploaded', 'checking', 'checked', 'importing', 'done', 'failed')),
	rows_total INTEGER NOT NULL DEFAULT 0,
	rows_done INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL DEFAULT 0,
	updated INTEGER NOT NULL DEFAULT 0,
	bad INTEGER NOT NULL DEFAULT 0,
	problems TEXT NOT NULL DEFAULT '',    -- "line<TAB>message id" per line, the first 500
	preview_sealed BLOB,                  -- the header and first rows, for the mapping page
	n_columns INTEGER NOT NULL DEFAULT 0
) STRICT;
