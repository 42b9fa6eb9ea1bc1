-- A change feed for the caches of each app process: after a committed change to who someone is
-- (users, their areas, their API tokens) or to what may be served (model versions, forecasts),
-- every listening process hears of it and drops what it remembered. NOTIFY is sent at commit, so
-- a rolled-back change tells no one. ENABLE ALWAYS: a session in replica mode is heard as well.
CREATE FUNCTION sightline_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sightline_changes', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('identity');
--> statement-breakpoint
ALTER TABLE users ENABLE ALWAYS TRIGGER users_changed;
--> statement-breakpoint
CREATE TRIGGER user_areas_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_areas FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('identity');
--> statement-breakpoint
ALTER TABLE user_areas ENABLE ALWAYS TRIGGER user_areas_changed;
--> statement-breakpoint
-- Recording a token's last use (at most once a minute) changes nothing about who it belongs to.
CREATE TRIGGER api_tokens_changed AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF user_id, token_hash, revoked_at ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('identity');
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ALWAYS TRIGGER api_tokens_changed;
--> statement-breakpoint
CREATE TRIGGER model_versions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_versions FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('forecasts');
--> statement-breakpoint
ALTER TABLE model_versions ENABLE ALWAYS TRIGGER model_versions_changed;
--> statement-breakpoint
CREATE TRIGGER models_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON models FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('forecasts');
--> statement-breakpoint
ALTER TABLE models ENABLE ALWAYS TRIGGER models_changed;
--> statement-breakpoint
CREATE TRIGGER forecasts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON forecasts FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('forecasts');
--> statement-breakpoint
ALTER TABLE forecasts ENABLE ALWAYS TRIGGER forecasts_changed;
--> statement-breakpoint
CREATE TRIGGER areas_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas FOR EACH STATEMENT EXECUTE FUNCTION sightline_notify_change('areas');
--> statement-breakpoint
ALTER TABLE areas ENABLE ALWAYS TRIGGER areas_changed;
