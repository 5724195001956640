-- Sessions with a server-side record: absolute lifetime from authenticated_at, idle timeout from
-- last_seen_at; ended_at set by sign-out. The token names its row (sid).
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL REFERENCES "staff"("id"),
	"authenticated_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "staff_sessions_staff_idx" ON "staff_sessions" USING btree ("staff_id","authenticated_at");
--> statement-breakpoint
-- The newest TOTP time-step accepted for this member: a code at or before it is a replay.
ALTER TABLE "staff" ADD COLUMN "totp_last_step" bigint;
--> statement-breakpoint
-- What a document on a police request is: the legal process itself (order, warrant, …), the
-- written statement that follows an emergency disclosure, or other correspondence. Documents
-- attached before this existed were uploaded as "Legal documents".
CREATE TYPE "public"."police_attachment_kind" AS ENUM('legal_process', 'emergency_statement', 'other');
--> statement-breakpoint
ALTER TABLE "police_request_attachments" ADD COLUMN "kind" "police_attachment_kind" DEFAULT 'legal_process' NOT NULL;
