-- SQLite FTS5 reference for Tools/bench: one row per Fundus passage.
-- Run in the work directory (the harness writes passages.csv there):
--   sqlite3 fts5.db < fts5-load.sql
--
-- unicode61 with remove_diacritics 2 is the nearest FTS5 has to Fundus's
-- folding (ü -> u, not ue; ß stays ß). FTS5 has no German stemmer (its
-- "porter" is English), so this index has no stems and no compound parts:
-- it is smaller and its queries match less than Fundus's. detail=full (the
-- default) keeps positions, like Xapian, so phrase queries work.
-- The UNINDEXED columns are stored, as Fundus stores its passage record.
CREATE VIRTUAL TABLE p USING fts5(
    id UNINDEXED, passage UNINDEXED, title, text, source UNINDEXED, date UNINDEXED, url UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- .import runs in one transaction, as fundus-ingest commits once.
.import --csv --skip 1 passages.csv p
