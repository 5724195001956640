-- Audit explorer (lib/audit/query.ts): a time range, free text over reasons and details, and an
-- account's accesses, each answered from an index at millions of entries.
-- Time range: the explorer finds the first and last seq of a range of `at` here (lib/audit/query.ts),
-- then reads that range of seq; `at` follows seq (lib/audit/log.ts never lets it run backwards).
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at","seq");--> statement-breakpoint
-- Free text: the words of the reason and of every string and number in the details (not the keys).
-- The expression is lib/audit/search.ts's auditSearchVector, character for character.
CREATE INDEX "audit_log_search_idx" ON "audit_log" USING gin ((to_tsvector('simple'::regconfig, coalesce("reason", '')) || jsonb_to_tsvector('simple'::regconfig, "changes", '["string", "numeric"]'::jsonb)));--> statement-breakpoint
-- The account an entry is about: the target when it is an account, else the reported account of a
-- queue item (changes.reportedId). Serves an account's audit trail and who viewed it.
CREATE INDEX "audit_log_subject_account_idx" ON "audit_log" USING btree ((case when "target_type" = 'account' then "target_id" else "changes"->>'reportedId' end), "seq") WHERE "target_type" = 'account' OR "changes" ? 'reportedId';--> statement-breakpoint
-- Chain status: every verification of the audit chain, its outcome and the checkpoint it signed.
CREATE TABLE "audit_verifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_email" varchar(320),
	"mode" varchar(16) NOT NULL,
	"ok" boolean NOT NULL,
	"from_seq" bigint NOT NULL,
	"to_seq" bigint,
	"to_hash" varchar(64),
	"entries_checked" bigint NOT NULL,
	"failed_seq" bigint,
	"problem" text,
	"anchored" boolean NOT NULL,
	"audit_seq" bigint NOT NULL,
	"checkpoint_seq" bigint,
	"checkpoint_hash" varchar(64),
	"checkpoint_key_id" varchar(64),
	"checkpoint_signature" text,
	"checkpoint_at" timestamp with time zone,
	CONSTRAINT "audit_verifications_mode_check" CHECK ("mode" in ('full', 'incremental'))
);
--> statement-breakpoint
ALTER TABLE "audit_verifications" ADD CONSTRAINT "audit_verifications_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
