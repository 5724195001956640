-- Moderation events are the record of what happened to an item: append-only, like the audit log.
CREATE OR REPLACE FUNCTION moderation_events_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'moderation_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER moderation_events_no_update_delete BEFORE UPDATE OR DELETE ON moderation_events
  FOR EACH ROW EXECUTE FUNCTION moderation_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER moderation_events_no_truncate BEFORE TRUNCATE ON moderation_events
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_events_refuse_change();
--> statement-breakpoint
-- The built-in queues every installation starts with (lib/triage/queues.ts keeps their filters fixed).
-- Child safety: the grooming-related categories, reports filed by minors, reports about accounts that contacted minors.
INSERT INTO queues (id, name, filter, position, target_minutes, built_in) VALUES
  ('child-safety', 'Child safety',
   '{"any":[{"categories":["grooming","sexual_content","age_misrepresentation"]},{"reporterAgeBands":["under_13","13_15","16_17"]},{"reportedContactsMinors":true}]}',
   10, 60, true),
  ('escalated', 'Escalated', '{"any":[{"escalated":true}]}', 20, 240, true),
  ('everything-else', 'Everything else', '{"any":[{}]}', 1000000, 1440, true);
--> statement-breakpoint
-- Starting decision templates; admins edit them on /admin/templates.
INSERT INTO decision_templates (name, action, account_action, body) VALUES
  ('No violation', 'dismiss', NULL, 'Reviewed {report_count} report(s) about {username}: no breach of the community rules found.'),
  ('Spam wave', 'dismiss', NULL, 'Part of a spam wave: {report_count} report(s) about {username} ({category}) closed; the spam filter handles the sender.'),
  ('Harassment warning', 'resolve', 'warn', '{username} warned after {report_count} report(s) of {category}.'),
  ('Grooming suspension', 'resolve', 'suspend', '{username} suspended: reports ({category}) and contact with minors fit a grooming pattern. Refer to liaison if images or a meeting were requested.'),
  ('Senior review', 'escalate', NULL, 'Needs senior review: {report_count} report(s) about {username} ({category}).');
