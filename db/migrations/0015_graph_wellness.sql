-- Accounts list: search by the start of a display name, whatever its case (lower(...) with text_pattern_ops makes LIKE 'abc%' an index range scan).
CREATE INDEX "accounts_display_name_idx" ON "accounts" USING btree (lower("display_name") text_pattern_ops);--> statement-breakpoint
-- Settings an admin changes while Lookout runs (the wellness break prompt's threshold), one row per key.
CREATE TABLE "app_settings" (
	"key" varchar(64) PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_settings_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "staff"("id")
);
