-- Signed checkpoints of the audit chain's head (lib/audit/checkpoint.ts). The same checkpoints are
-- also appended to files outside the database; this table is the copy the app can read quickly.
CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" varchar(64) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"key_id" varchar(64) NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_checkpoints_seq_idx" ON "audit_checkpoints" USING btree ("seq");
--> statement-breakpoint
-- Append-only like the log it anchors. lookout_app has no UPDATE, DELETE or TRUNCATE on it either
-- (db/roles.ts), and cannot disable this trigger because it does not own the table.
CREATE OR REPLACE FUNCTION audit_checkpoints_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_refuse_change();
