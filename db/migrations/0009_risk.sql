CREATE TYPE "public"."age_band" AS ENUM('under_13', '13_15', '16_17', 'adult', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."risk_decision" AS ENUM('confirm', 'dismiss');--> statement-breakpoint
CREATE TYPE "public"."risk_pattern" AS ENUM('age_misrepresentation', 'adult_contacting_minors', 'image_solicitation', 'meeting_request', 'off_platform_move', 'other');--> statement-breakpoint
CREATE TABLE "pattern_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"pattern" "risk_pattern" NOT NULL,
	"rationale" text NOT NULL,
	"review_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"decision" "risk_decision" NOT NULL,
	"reason" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"score" real NOT NULL,
	"signals" jsonb NOT NULL,
	"confirmed_codes" text[] DEFAULT '{}' NOT NULL,
	"rejected_codes" text[] DEFAULT '{}' NOT NULL,
	"referral_id" uuid
);
--> statement-breakpoint
CREATE TABLE "risk_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"scope" varchar(16) NOT NULL,
	"subjects" integer,
	"scored" integer NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_scores" (
	"account_id" varchar(64) PRIMARY KEY NOT NULL,
	"score" real NOT NULL,
	"claimed_age" smallint,
	"claimed_band" "age_band" NOT NULL,
	"likely_band" "age_band" NOT NULL,
	"patterns" "risk_pattern"[] DEFAULT '{}' NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"run_id" bigint NOT NULL,
	"quiet" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_signals" (
	"account_id" varchar(64) NOT NULL,
	"code" varchar(48) NOT NULL,
	"weight" real NOT NULL,
	"value" real NOT NULL,
	"evidence" text NOT NULL,
	"pattern" "risk_pattern",
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "risk_signals_account_id_code_pk" PRIMARY KEY("account_id","code")
);
--> statement-breakpoint
ALTER TABLE "pattern_flags" ADD CONSTRAINT "pattern_flags_review_id_risk_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."risk_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_flags" ADD CONSTRAINT "pattern_flags_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_reviewer_id_staff_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pattern_flags_account_idx" ON "pattern_flags" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_reviews_account_idx" ON "risk_reviews" USING btree ("account_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "risk_scores_rank_idx" ON "risk_scores" USING btree ("score" DESC NULLS LAST,"account_id") WHERE not "risk_scores"."quiet";