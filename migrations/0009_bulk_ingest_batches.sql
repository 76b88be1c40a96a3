CREATE TABLE `ingest_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`item_count` integer NOT NULL,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`refused` text DEFAULT '[]' NOT NULL,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `batch_id` text;--> statement-breakpoint
CREATE INDEX `documents_batch_idx` ON `documents` (`batch_id`,`status`);