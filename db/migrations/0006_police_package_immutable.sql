-- A released disclosure package is evidence handed to the authorities: the database refuses to
-- change or delete it. A correction is a new version (a new row).
CREATE OR REPLACE FUNCTION disclosure_packages_refuse_released_change() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'released' THEN
    RAISE EXCEPTION 'disclosure package % version % is released and immutable: % refused', OLD.request_id, OLD.version, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER disclosure_packages_released_immutable BEFORE UPDATE OR DELETE ON disclosure_packages
  FOR EACH ROW EXECUTE FUNCTION disclosure_packages_refuse_released_change();
