ALTER TABLE `request_log` ADD `refused` integer;--> statement-breakpoint
ALTER TABLE `request_log` ADD `version_id` text;--> statement-breakpoint
ALTER TABLE `traces` ADD `gateway_log_id` text;--> statement-breakpoint
ALTER TABLE `traces` ADD `gateway_metadata` text;--> statement-breakpoint
CREATE INDEX `traces_gateway_log_idx` ON `traces` (`gateway_log_id`);