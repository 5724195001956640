CREATE TYPE "public"."account_status" AS ENUM('active', 'suspended', 'banned', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."age_assurance" AS ENUM('none', 'adult', 'minor');--> statement-breakpoint
CREATE TYPE "public"."report_category" AS ENUM('grooming', 'sexual_content', 'age_misrepresentation', 'harassment', 'spam', 'self_harm', 'other');--> statement-breakpoint
CREATE TYPE "public"."report_source" AS ENUM('user', 'automated', 'law_enforcement');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('open', 'in_review', 'resolved', 'dismissed', 'escalated');--> statement-breakpoint
CREATE TABLE "accounts" (
	"account_id" varchar(64) PRIMARY KEY NOT NULL,
	"username" varchar(64) NOT NULL,
	"display_name" varchar(256) DEFAULT '' NOT NULL,
	"claimed_birthdate" date,
	"created_at" timestamp with time zone NOT NULL,
	"country" varchar(64) DEFAULT '' NOT NULL,
	"age_assurance" "age_assurance" DEFAULT 'none' NOT NULL,
	"device_cluster" varchar(64),
	"status" "account_status" DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "birthdate_changes" (
	"account_id" varchar(64) NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"old_birthdate" date,
	"new_birthdate" date,
	CONSTRAINT "birthdate_changes_account_id_changed_at_pk" PRIMARY KEY("account_id","changed_at")
);
--> statement-breakpoint
CREATE TABLE "blocks" (
	"blocker_id" varchar(64) NOT NULL,
	"blocked_id" varchar(64) NOT NULL,
	"blocked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blocks_blocked_id_blocker_id_pk" PRIMARY KEY("blocked_id","blocker_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"account_lo" varchar(64) NOT NULL,
	"account_hi" varchar(64) NOT NULL,
	"initiator_id" varchar(64) NOT NULL,
	"recipient_id" varchar(64) NOT NULL,
	"first_contact_at" timestamp with time zone NOT NULL,
	"last_contact_at" timestamp with time zone NOT NULL,
	"messages_from_initiator" integer DEFAULT 0 NOT NULL,
	"messages_from_recipient" integer DEFAULT 0 NOT NULL,
	"media_from_initiator" integer DEFAULT 0 NOT NULL,
	"media_from_recipient" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contacts_account_lo_account_hi_pk" PRIMARY KEY("account_lo","account_hi")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"report_id" varchar(64) NOT NULL,
	"reporter_id" varchar(64),
	"reported_id" varchar(64) NOT NULL,
	"category" "report_category" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"source" "report_source" NOT NULL,
	"status" "report_status" DEFAULT 'open' NOT NULL,
	CONSTRAINT "reports_reported_id_report_id_pk" PRIMARY KEY("reported_id","report_id")
);
--> statement-breakpoint
CREATE INDEX "accounts_username_idx" ON "accounts" USING btree ("username" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "accounts_device_cluster_idx" ON "accounts" USING btree ("device_cluster");--> statement-breakpoint
CREATE INDEX "blocks_blocker_idx" ON "blocks" USING btree ("blocker_id");--> statement-breakpoint
CREATE INDEX "contacts_hi_lo_idx" ON "contacts" USING btree ("account_hi","account_lo");--> statement-breakpoint
CREATE INDEX "reports_report_id_idx" ON "reports" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "reports_status_category_idx" ON "reports" USING btree ("status","category");--> statement-breakpoint
CREATE INDEX "reports_reporter_idx" ON "reports" USING btree ("reporter_id");