CREATE TABLE `action_commits` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`action` text NOT NULL,
	`applied` integer DEFAULT false NOT NULL,
	`result` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reviews` (
	`task_id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`action` text NOT NULL,
	`risk` text NOT NULL,
	`proposed_params` text NOT NULL,
	`final_params` text,
	`diff` text,
	`decided_by` text,
	`decided_at` integer,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reviews_status_idx` ON `reviews` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `sor_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_name` text NOT NULL,
	`customer_email` text NOT NULL,
	`total_usd` real NOT NULL,
	`refunded_usd` real DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`placed_at` text NOT NULL,
	`items` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sor_refunds` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`amount_usd` real NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sor_ticket_events` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sor_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`customer_email` text NOT NULL,
	`escalation_level` text
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`input` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`route` text,
	`answer` text,
	`citations` text,
	`proposal` text,
	`result` text,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_user_idx` ON `tasks` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_status_idx` ON `tasks` (`status`);