-- A version's definition and model card are fixed once it leaves the draft state: changes make a
-- new version. Enforced here as well as in the data-access layer, and ALWAYS so replica mode
-- does not skip it.
CREATE FUNCTION model_versions_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition
      OR NEW.model_card IS DISTINCT FROM OLD.model_card
      OR NEW.definition_hash IS DISTINCT FROM OLD.definition_hash
      OR NEW.registrant_id IS DISTINCT FROM OLD.registrant_id
      OR NEW.model_id IS DISTINCT FROM OLD.model_id) THEN
    RAISE EXCEPTION 'model version % is % and can no longer be changed; register a new version', OLD.id, OLD.state
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' AND OLD.state <> 'draft' THEN
    RAISE EXCEPTION 'model version % is % and can no longer be deleted', OLD.id, OLD.state
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER model_versions_immutable BEFORE UPDATE OR DELETE ON model_versions FOR EACH ROW EXECUTE FUNCTION model_versions_refuse_edit();
--> statement-breakpoint
ALTER TABLE model_versions ENABLE ALWAYS TRIGGER model_versions_immutable;
