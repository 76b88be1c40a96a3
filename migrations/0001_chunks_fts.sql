-- Keyword index over chunk text (BM25 via FTS5). drizzle-kit cannot model virtual tables,
-- so this custom migration keeps it in step with the chunks table through triggers.
CREATE VIRTUAL TABLE `chunks_fts` USING fts5(`text`, `heading`, `chunk_id` UNINDEXED, `document_id` UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_insert` AFTER INSERT ON `chunks` BEGIN
  INSERT INTO `chunks_fts` (`text`, `heading`, `chunk_id`, `document_id`) VALUES (new.`text`, coalesce(new.`heading`, ''), new.`id`, new.`document_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_delete` AFTER DELETE ON `chunks` BEGIN
  DELETE FROM `chunks_fts` WHERE `chunk_id` = old.`id`;
END;
