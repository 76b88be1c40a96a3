-- The keyword index's vocabulary (each porter stem with the number of chunks holding it), read to correct
-- misspelled query words against the corpus's own words. fts5vocab is a read-only view over chunks_fts: no triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS `chunks_vocab` USING fts5vocab('chunks_fts', 'row');
