CREATE TYPE "public"."account_action" AS ENUM('warn', 'restrict', 'suspend', 'ban', 'reinstate');--> statement-breakpoint
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
ALTER TABLE "account_actions" ADD CONSTRAINT "account_actions_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_actions_account_idx" ON "account_actions" USING btree ("account_id","created_at");