-- A forecast's cells are stored before its row: the row names its ledger entry, and appending that
-- entry takes the ledger's lock until commit, so it comes last (db/queries/forecast-generation.ts).
-- The cells' reference to their forecast is therefore checked at commit.
ALTER TABLE "forecast_cells" ALTER CONSTRAINT "forecast_cells_forecast_id_forecasts_id_fk" DEFERRABLE INITIALLY DEFERRED;
