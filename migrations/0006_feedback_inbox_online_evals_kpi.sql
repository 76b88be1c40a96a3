CREATE TABLE `answer_log` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`citations` text NOT NULL,
	`grounded` integer NOT NULL,
	`confidence` real NOT NULL,
	`pii_findings` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `answer_log_user_idx` ON `answer_log` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `answer_log_time_idx` ON `answer_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`rating` text NOT NULL,
	`reason` text,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_subject_user_idx` ON `feedback` (`subject_type`,`subject_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `feedback_time_idx` ON `feedback` (`rating`,`updated_at`);--> statement-breakpoint
CREATE TABLE `golden_candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`golden_case` text NOT NULL,
	`source_document_ids` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `golden_candidates_source_unique` ON `golden_candidates` (`source`);--> statement-breakpoint
CREATE INDEX `golden_candidates_status_idx` ON `golden_candidates` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `kpi_contract` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`measurement` text NOT NULL,
	`how_measured` text NOT NULL,
	`direction` text NOT NULL,
	`baseline` real NOT NULL,
	`go_live` real NOT NULL,
	`kill` real NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kpi_values` (
	`week` text PRIMARY KEY NOT NULL,
	`value` real NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `online_eval_daily` (
	`day` text PRIMARY KEY NOT NULL,
	`answers` integer NOT NULL,
	`sampled` integer NOT NULL,
	`claim_support` real,
	`citation_validity` real,
	`refusal_rate` real,
	`pii_leak_rate` real,
	`latency_p95_ms` real,
	`cost_per_answer_usd` real,
	`computed_at` integer NOT NULL
);
