-- Separation of duties held by the database too: a version becomes approved only with approvals by
-- two different approvers, neither its registrant (version_approvals' CHECK and UNIQUE already bar
-- self-approval and double approval), and approvals once given are a record that is never edited
-- or removed. ALWAYS, so replica mode does not skip them.
CREATE FUNCTION model_versions_approval_needs_two() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'approved' AND (TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM 'approved') THEN
    IF (SELECT count(DISTINCT approver_id) FROM version_approvals WHERE version_id = NEW.id AND approver_id <> NEW.registrant_id) < 2 THEN
      RAISE EXCEPTION 'model version % needs approvals by two different officers, neither its registrant, before it is approved', NEW.id
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER model_versions_two_approvals BEFORE INSERT OR UPDATE OF state ON model_versions FOR EACH ROW EXECUTE FUNCTION model_versions_approval_needs_two();
--> statement-breakpoint
ALTER TABLE model_versions ENABLE ALWAYS TRIGGER model_versions_two_approvals;
--> statement-breakpoint
CREATE FUNCTION version_approvals_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'approvals are a record: % on version_approvals is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER version_approvals_keep BEFORE UPDATE OR DELETE OR TRUNCATE ON version_approvals FOR EACH STATEMENT EXECUTE FUNCTION version_approvals_refuse_change();
--> statement-breakpoint
ALTER TABLE version_approvals ENABLE ALWAYS TRIGGER version_approvals_keep;
