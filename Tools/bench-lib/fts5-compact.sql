-- The FTS5 counterpart of xapian-compact, run on a copy of the index:
-- merge all b-tree segments into one, then rewrite the file without free pages.
INSERT INTO p(p) VALUES('optimize');
VACUUM;
