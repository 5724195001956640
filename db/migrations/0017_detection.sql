-- Detection (issue 15): versioned risk weights, the version each score used, retractable flags, and
-- ban evasion routed to the child-safety queue.
-- A weight version: per-signal multipliers over lib/risk/weights.ts. A row is a suggestion until an
-- admin adopts it, which gives it the next version number; the highest version is in force.
CREATE TABLE "risk_weight_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" integer,
	"multipliers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"basis" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evaluation" jsonb,
	"note" text NOT NULL,
	"suggested_by" uuid,
	"suggested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"adopted_by" uuid,
	"adopted_at" timestamp with time zone,
	CONSTRAINT "risk_weight_versions_version_unique" UNIQUE("version"),
	CONSTRAINT "risk_weight_versions_adopted_check" CHECK (("version" IS NULL) = ("adopted_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "risk_weight_versions" ADD CONSTRAINT "risk_weight_versions_suggested_by_staff_id_fk" FOREIGN KEY ("suggested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_weight_versions" ADD CONSTRAINT "risk_weight_versions_adopted_by_staff_id_fk" FOREIGN KEY ("adopted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
INSERT INTO "risk_weight_versions" ("version", "multipliers", "note", "adopted_at") VALUES (1, '{}'::jsonb, 'The weights of lib/risk/weights.ts as written.', now());--> statement-breakpoint
ALTER TABLE "risk_scores" ADD COLUMN "weight_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_runs" ADD COLUMN "weight_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- A flag can be retracted with a reason; a retracted flag no longer blocks confirming the pattern again.
ALTER TABLE "pattern_flags" ADD COLUMN "retracted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pattern_flags" ADD COLUMN "retracted_by" uuid;--> statement-breakpoint
ALTER TABLE "pattern_flags" ADD COLUMN "retraction_reason" text;--> statement-breakpoint
ALTER TABLE "pattern_flags" ADD CONSTRAINT "pattern_flags_retracted_by_staff_id_fk" FOREIGN KEY ("retracted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DROP INDEX IF EXISTS "pattern_flags_account_pattern_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "pattern_flags_account_pattern_unique" ON "pattern_flags" USING btree ("account_id","pattern") WHERE retracted_at is null;--> statement-breakpoint
-- Child safety also takes every report about an account that evades a child-safety ban (lib/risk/ban-evasion.ts).
UPDATE "queues" SET "filter" = jsonb_set("filter", '{any}', ("filter" -> 'any') || '[{"banEvasion": true}]'::jsonb)
  WHERE "id" = 'child-safety' AND NOT ("filter" -> 'any') @> '[{"banEvasion": true}]'::jsonb;
