CREATE TABLE `token_usage` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`tokens` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `traces` ADD `prompt_hash` integer;--> statement-breakpoint
ALTER TABLE `traces` ADD `response_hash` integer;