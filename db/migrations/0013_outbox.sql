-- Transactional outbox: decisions the chat app must carry out, delivered by the webhook worker.
CREATE TABLE "outbox_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" varchar(64) NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"payload" jsonb NOT NULL,
	"source_type" varchar(32) NOT NULL,
	"source_id" varchar(64) NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"retry_until" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_events_id_unique" UNIQUE("id"),
	CONSTRAINT "outbox_events_status_check" CHECK ("status" in ('pending', 'delivered', 'dead'))
);
--> statement-breakpoint
CREATE INDEX "outbox_events_due_idx" ON "outbox_events" USING btree ("next_attempt_at","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_events_account_idx" ON "outbox_events" USING btree ("account_id","seq");--> statement-breakpoint
CREATE INDEX "outbox_events_source_idx" ON "outbox_events" USING btree ("source_type","source_id");
--> statement-breakpoint
ALTER TABLE "account_actions" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "account_actions" ADD COLUMN "lifted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "account_actions_ends_idx" ON "account_actions" USING btree ("ends_at") WHERE ends_at is not null and lifted_at is null;
--> statement-breakpoint
ALTER TABLE "account_actions" ALTER COLUMN "actor_id" DROP NOT NULL;
--> statement-breakpoint
CREATE TABLE "protective_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"adult_account_id" varchar(64),
	"actions" text[] NOT NULL,
	"child_account_ids" text[] NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "protective_decisions_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id")
);
--> statement-breakpoint
CREATE INDEX "protective_decisions_adult_idx" ON "protective_decisions" USING btree ("adult_account_id","created_at");
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" varchar(64) NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"decision_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"status" varchar(16) DEFAULT 'open' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	CONSTRAINT "appeals_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "appeals_status_check" CHECK ("status" in ('open', 'upheld', 'overturned')),
	CONSTRAINT "appeals_decision_id_account_actions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."account_actions"("id"),
	CONSTRAINT "appeals_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id")
);
--> statement-breakpoint
CREATE INDEX "appeals_status_idx" ON "appeals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "appeals_decision_idx" ON "appeals" USING btree ("decision_id");
