CREATE TYPE "public"."account_action" AS ENUM('warn', 'restrict', 'suspend', 'ban', 'reinstate');--> statement-breakpoint
CREATE TYPE "public"."escalation_target" AS ENUM('senior_review', 'liaison');--> statement-breakpoint
CREATE TYPE "public"."moderation_event_kind" AS ENUM('created', 'reports_added', 'claimed', 'released', 'assigned', 'unassigned', 'acknowledged', 'dismissed', 'resolved', 'escalated', 'commented', 'merged');--> statement-breakpoint
CREATE TYPE "public"."queue_item_status" AS ENUM('open', 'in_review', 'escalated', 'resolved', 'dismissed', 'merged');--> statement-breakpoint
CREATE TABLE "account_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"action" "account_action" NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"source_type" varchar(32),
	"source_id" varchar(64),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"item_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulk_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid NOT NULL,
	"action" varchar(16) NOT NULL,
	"reason" text NOT NULL,
	"applied_count" integer NOT NULL,
	"skipped_count" integer NOT NULL,
	"selection" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"action" varchar(16) NOT NULL,
	"account_action" "account_action",
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_templates_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "integration_rate_windows" (
	"token_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"used" integer NOT NULL,
	CONSTRAINT "integration_rate_windows_token_id_window_start_pk" PRIMARY KEY("token_id","window_start")
);
--> statement-breakpoint
CREATE TABLE "integration_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"token_prefix" varchar(16) NOT NULL,
	"rate_per_minute" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "integration_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "moderation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"reported_id" varchar(64) NOT NULL,
	"kind" "moderation_event_kind" NOT NULL,
	"actor_type" varchar(16) NOT NULL,
	"actor_id" varchar(64),
	"from_status" "queue_item_status",
	"to_status" "queue_item_status",
	"account_action" "account_action",
	"reason" text,
	"batch_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderator_queue_restrictions" (
	"staff_id" uuid NOT NULL,
	"queue_id" varchar(64) NOT NULL,
	CONSTRAINT "moderator_queue_restrictions_staff_id_queue_id_pk" PRIMARY KEY("staff_id","queue_id")
);
--> statement-breakpoint
CREATE TABLE "queue_item_reports" (
	"reported_id" varchar(64) NOT NULL,
	"report_id" varchar(64) NOT NULL,
	"item_id" uuid NOT NULL,
	CONSTRAINT "queue_item_reports_reported_id_report_id_pk" PRIMARY KEY("reported_id","report_id")
);
--> statement-breakpoint
CREATE TABLE "queue_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"queue_id" varchar(64) NOT NULL,
	"reported_id" varchar(64) NOT NULL,
	"status" "queue_item_status" DEFAULT 'open' NOT NULL,
	"lane" smallint NOT NULL,
	"severity" smallint NOT NULL,
	"risk_score" real,
	"urgent_at" timestamp with time zone NOT NULL,
	"oldest_report_at" timestamp with time zone NOT NULL,
	"newest_report_at" timestamp with time zone NOT NULL,
	"report_count" integer NOT NULL,
	"reporter_count" integer NOT NULL,
	"categories" "report_category"[] NOT NULL,
	"assignee_id" uuid,
	"lease_expires_at" timestamp with time zone,
	"escalation_target" "escalation_target",
	"merged_into_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_action_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "queues" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"filter" jsonb NOT NULL,
	"position" integer NOT NULL,
	"target_minutes" integer NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "queues_name_unique" UNIQUE("name"),
	CONSTRAINT "queues_position_unique" UNIQUE("position")
);
--> statement-breakpoint
ALTER TABLE "account_actions" ADD CONSTRAINT "account_actions_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_item_id_queue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."queue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_author_id_staff_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_batches" ADD CONSTRAINT "bulk_batches_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_rate_windows" ADD CONSTRAINT "integration_rate_windows_token_id_integration_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."integration_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_tokens" ADD CONSTRAINT "integration_tokens_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_events" ADD CONSTRAINT "moderation_events_item_id_queue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."queue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderator_queue_restrictions" ADD CONSTRAINT "moderator_queue_restrictions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderator_queue_restrictions" ADD CONSTRAINT "moderator_queue_restrictions_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_item_reports" ADD CONSTRAINT "queue_item_reports_item_id_queue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."queue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_actions_account_idx" ON "account_actions" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "account_notes_account_idx" ON "account_notes" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "bulk_batches_created_idx" ON "bulk_batches" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "moderation_events_item_idx" ON "moderation_events" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "moderation_events_reported_idx" ON "moderation_events" USING btree ("reported_id","id");--> statement-breakpoint
CREATE INDEX "moderation_events_created_idx" ON "moderation_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "moderation_events_batch_idx" ON "moderation_events" USING btree ("batch_id") WHERE batch_id is not null;--> statement-breakpoint
CREATE INDEX "queue_item_reports_item_idx" ON "queue_item_reports" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_items_waiting_unique" ON "queue_items" USING btree ("queue_id","reported_id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
CREATE INDEX "queue_items_priority_idx" ON "queue_items" USING btree ("queue_id","lane","urgent_at","id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
CREATE INDEX "queue_items_oldest_idx" ON "queue_items" USING btree ("queue_id","oldest_report_at","id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
CREATE INDEX "queue_items_newest_idx" ON "queue_items" USING btree ("queue_id","newest_report_at","id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
CREATE INDEX "queue_items_count_idx" ON "queue_items" USING btree ("queue_id","report_count","id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
CREATE INDEX "queue_items_reported_idx" ON "queue_items" USING btree ("reported_id");--> statement-breakpoint
CREATE INDEX "queue_items_assignee_idx" ON "queue_items" USING btree ("assignee_id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
CREATE INDEX "queue_items_created_idx" ON "queue_items" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "queue_items_first_action_idx" ON "queue_items" USING btree ("first_action_at");--> statement-breakpoint
CREATE INDEX "queue_items_closed_idx" ON "queue_items" USING btree ("closed_at");