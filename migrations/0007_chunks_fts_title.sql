-- The keyword index also holds each chunk's document title, as BM25 baselines index title and text together:
-- a title often names the topic its text never repeats. FTS5 cannot add a column, so the table is rebuilt and
-- refilled from chunks; a retitled document updates its rows.
DROP TRIGGER IF EXISTS `chunks_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `chunks_fts_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `chunks_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `chunks_fts` USING fts5(`text`, `heading`, `title`, `chunk_id` UNINDEXED, `document_id` UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `chunks_fts` (`text`, `heading`, `title`, `chunk_id`, `document_id`)
  SELECT c.`text`, coalesce(c.`heading`, ''), d.`title`, c.`id`, c.`document_id` FROM `chunks` c JOIN `documents` d ON d.`id` = c.`document_id`;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_insert` AFTER INSERT ON `chunks` BEGIN
  INSERT INTO `chunks_fts` (`text`, `heading`, `title`, `chunk_id`, `document_id`)
  VALUES (new.`text`, coalesce(new.`heading`, ''), coalesce((SELECT `title` FROM `documents` WHERE `id` = new.`document_id`), ''), new.`id`, new.`document_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_delete` AFTER DELETE ON `chunks` BEGIN
  DELETE FROM `chunks_fts` WHERE `chunk_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_fts_retitle` AFTER UPDATE OF `title` ON `documents` BEGIN
  UPDATE `chunks_fts` SET `title` = new.`title` WHERE `document_id` = new.`id`;
END;
