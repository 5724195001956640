CREATE TYPE "public"."data_category" AS ENUM('subscriber', 'non_content', 'content');--> statement-breakpoint
CREATE TYPE "public"."disclosure_package_status" AS ENUM('draft', 'released');--> statement-breakpoint
CREATE TYPE "public"."police_request_status" AS ENUM('received', 'verifying', 'legal_review', 'approved', 'partially_approved', 'rejected', 'needs_more_info', 'disclosed', 'closed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."police_request_type" AS ENUM('preservation', 'emergency_disclosure', 'subpoena', 'court_order', 'search_warrant', 'mlat', 'uk_dpa_schedule2', 'uk_ipa_communications_data', 'uk_overseas_production_order', 'other');--> statement-breakpoint
CREATE TYPE "public"."referral_ground" AS ENUM('imminent_danger', 'child_sexual_exploitation', 'other');--> statement-breakpoint
CREATE TYPE "public"."referral_status" AS ENUM('open', 'reported', 'closed');--> statement-breakpoint
CREATE TYPE "public"."target_decision" AS ENUM('produce', 'do_not_produce');--> statement-breakpoint
CREATE TYPE "public"."target_resolution" AS ENUM('account_id', 'username', 'unknown', 'ambiguous');--> statement-breakpoint
CREATE TYPE "public"."verification_method" AS ENUM('official_email_domain', 'callback_published_number', 'other');--> statement-breakpoint
CREATE SEQUENCE "public"."police_request_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "disclosure_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" "disclosure_package_status" DEFAULT 'draft' NOT NULL,
	"prepared_by" uuid NOT NULL,
	"prepared_at" timestamp with time zone NOT NULL,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"release_reason" text,
	"sha256" varchar(64) NOT NULL,
	"manifest" jsonb NOT NULL,
	"size_bytes" integer NOT NULL,
	"zip" "bytea" NOT NULL,
	CONSTRAINT "disclosure_packages_four_eyes" CHECK ("disclosure_packages"."released_by" is null or "disclosure_packages"."released_by" <> "disclosure_packages"."prepared_by")
);
--> statement-breakpoint
CREATE TABLE "police_request_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"filename" varchar(255) NOT NULL,
	"content_type" varchar(255) NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "police_request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"from_status" "police_request_status",
	"to_status" "police_request_status" NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "police_request_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"identifier" varchar(200) NOT NULL,
	"resolution" "target_resolution" NOT NULL,
	"account_id" varchar(64),
	"decision" "target_decision",
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "police_request_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"method" "verification_method" NOT NULL,
	"contact_used" varchar(200) NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"verified_by" uuid NOT NULL,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "police_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" varchar(16) DEFAULT 'LR-' || lpad(nextval('police_request_reference_seq')::text, 6, '0') NOT NULL,
	"type" "police_request_type" NOT NULL,
	"jurisdiction" varchar(200) NOT NULL,
	"time_zone" varchar(64) NOT NULL,
	"agency" varchar(200) NOT NULL,
	"officer_name" varchar(200) NOT NULL,
	"officer_rank_badge" varchar(200) DEFAULT '' NOT NULL,
	"officer_email" varchar(320) NOT NULL,
	"officer_phone" varchar(64) DEFAULT '' NOT NULL,
	"authorising_officer" varchar(200),
	"legal_reference" varchar(200) NOT NULL,
	"issuing_court" varchar(200),
	"received_at" timestamp with time zone NOT NULL,
	"document_due_date" date,
	"due_at" timestamp with time zone,
	"range_from" date NOT NULL,
	"range_to" date NOT NULL,
	"categories" "data_category"[] NOT NULL,
	"approved_categories" "data_category"[],
	"non_disclosure" boolean DEFAULT false NOT NULL,
	"non_disclosure_expires_on" date,
	"emergency_facts" text,
	"status" "police_request_status" DEFAULT 'received' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "police_requests_range_order" CHECK ("police_requests"."range_from" <= "police_requests"."range_to")
);
--> statement-breakpoint
CREATE TABLE "preservation_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"request_id" uuid,
	"referral_id" uuid,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"extended_at" timestamp with time zone,
	"extended_by" uuid,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	"release_reason" text,
	"lapsed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preservation_holds_has_source" CHECK ("preservation_holds"."request_id" is not null or "preservation_holds"."referral_id" is not null),
	CONSTRAINT "preservation_holds_span" CHECK ("preservation_holds"."starts_at" < "preservation_holds"."expires_at")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(64) NOT NULL,
	"ground" "referral_ground" NOT NULL,
	"summary" text NOT NULL,
	"referred_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "referral_status" DEFAULT 'open' NOT NULL,
	"reported_to" varchar(200),
	"report_reference" varchar(200),
	"evidence_summary" jsonb,
	"reported_by" uuid,
	"reported_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
ALTER TABLE "disclosure_packages" ADD CONSTRAINT "disclosure_packages_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_packages" ADD CONSTRAINT "disclosure_packages_prepared_by_staff_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_packages" ADD CONSTRAINT "disclosure_packages_released_by_staff_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_attachments" ADD CONSTRAINT "police_request_attachments_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_attachments" ADD CONSTRAINT "police_request_attachments_uploaded_by_staff_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_events" ADD CONSTRAINT "police_request_events_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_events" ADD CONSTRAINT "police_request_events_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_targets" ADD CONSTRAINT "police_request_targets_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_targets" ADD CONSTRAINT "police_request_targets_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_verifications" ADD CONSTRAINT "police_request_verifications_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_request_verifications" ADD CONSTRAINT "police_request_verifications_verified_by_staff_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_requests" ADD CONSTRAINT "police_requests_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preservation_holds" ADD CONSTRAINT "preservation_holds_request_id_police_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."police_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preservation_holds" ADD CONSTRAINT "preservation_holds_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preservation_holds" ADD CONSTRAINT "preservation_holds_extended_by_staff_id_fk" FOREIGN KEY ("extended_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preservation_holds" ADD CONSTRAINT "preservation_holds_released_by_staff_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preservation_holds" ADD CONSTRAINT "preservation_holds_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referred_by_staff_id_fk" FOREIGN KEY ("referred_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_reported_by_staff_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_closed_by_staff_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_packages_request_version_unique" ON "disclosure_packages" USING btree ("request_id","version");--> statement-breakpoint
CREATE INDEX "police_request_attachments_request_idx" ON "police_request_attachments" USING btree ("request_id","uploaded_at");--> statement-breakpoint
CREATE INDEX "police_request_events_request_idx" ON "police_request_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "police_request_targets_request_identifier_unique" ON "police_request_targets" USING btree ("request_id","identifier");--> statement-breakpoint
CREATE INDEX "police_request_targets_account_idx" ON "police_request_targets" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "police_request_verifications_request_idx" ON "police_request_verifications" USING btree ("request_id","verified_at");--> statement-breakpoint
CREATE UNIQUE INDEX "police_requests_reference_unique" ON "police_requests" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "police_requests_received_idx" ON "police_requests" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "police_requests_status_due_idx" ON "police_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "preservation_holds_account_expires_idx" ON "preservation_holds" USING btree ("account_id","expires_at");--> statement-breakpoint
CREATE INDEX "preservation_holds_request_idx" ON "preservation_holds" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "preservation_holds_referral_idx" ON "preservation_holds" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referrals_status_created_idx" ON "referrals" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "referrals_account_idx" ON "referrals" USING btree ("account_id");