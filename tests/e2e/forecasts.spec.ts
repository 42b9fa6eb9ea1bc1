import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("an officer states a purpose, reads the map and the flagged list, and records a patrol and its outcome", async ({ page }) => {
  await signIn(page, "police_staff", "/forecasts");
  await page.goto("/forecasts");
  await expect(page.getByTestId("advisory-banner")).toContainText("Advisory only");

  // A category nobody approved: the officer is told so, and shown nothing.
  const request = page.getByTestId("forecast-request");
  await request.getByLabel("Crime category").selectOption("assault");
  await request.getByLabel("Briefing").check();
  await request.getByRole("button", { name: "Log my purpose and open" }).click();
  await expect(page.getByTestId("no-approved-forecast")).toContainText("No model version is approved");

  await request.getByLabel("Crime category").selectOption("");
  await request.getByLabel("Patrol planning").check();
  await request.getByRole("button", { name: "Log my purpose and open" }).click();
  await page.waitForURL(/\/forecasts\/views\//);

  await expect(page.getByTestId("advisory-banner")).toBeVisible();
  // The demo upheld a citizen's correction of a D02 burglary after this forecast was made: the officer is told.
  await expect(page.getByTestId("changed-data-D02")).toContainText(/D02: 1 record\(s\) changed.*corrected, which this forecast used as it stood/s);
  const map = page.getByTestId("forecast-map");
  await expect(map).toBeVisible();
  await expect(map).toHaveAttribute("aria-label", /D01, D02, D03, D04/);
  const flaggedOnMap = await map.locator("a[data-flagged]").count();
  expect(flaggedOnMap).toBeGreaterThan(0);
  const list = page.getByTestId("flagged-list");
  await expect(list.locator("li")).toHaveCount(flaggedOnMap);
  // Ranks are the whole forecast's; the officer's districts show theirs in order, highest risk first.
  const ranks = (await list.locator("li").allTextContents()).map((text) => Number(/Rank (\d+)/.exec(text)?.[1]));
  expect(ranks.every((rank, i) => Number.isInteger(rank) && (i === 0 || rank > ranks[i - 1]!))).toBe(true);
  await expect(list.locator("li").first()).toContainText("Why:");
  const seq = await page.getByTestId("receipt-seq").textContent();
  expect(Number(seq)).toBeGreaterThan(0);

  const first = list.locator("li").first();
  const decision = first.locator("form[data-testid^='decision-']");
  await decision.getByLabel("Planned minutes").fill("40");
  await decision.getByRole("button", { name: "Record" }).click();
  await expect(first.locator("[data-testid^='recorded-']")).toContainText("Patrol assigned (40 min)");
  const outcome = first.locator("form[data-testid^='outcome-']");
  await outcome.getByLabel("Stops").fill("1");
  await outcome.getByRole("button", { name: "Record outcome" }).click();
  await expect(first).toContainText("no incident found; 0 arrests, 1 stops");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/forecast-police-view.png" });
  await map.screenshot({ path: "test-results/forecast-map.png" });

  // The view is on the public ledger under its receipt.
  const entries = await page.request.get(`/api/v1/ledger/entries?kind=forecast.viewed`);
  expect(entries.status()).toBe(200);
  expect(JSON.stringify(await entries.json())).toContain(`"seq":${seq}`);
});

test("the forecast API serves the officer's own districts with a receipt and refuses everything else", async ({ page }) => {
  await signIn(page, "police_staff");
  const api = page.request;
  const ok = await api.get("/api/v1/forecasts?purpose=briefing&horizon=1");
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { receipt: { seq: number; leafHash: string; forecastMerkleRoot: string }; cells: { areaCode: string }[]; forecast: { merkleRoot: string } };
  expect(body.receipt.forecastMerkleRoot).toBe(body.forecast.merkleRoot);
  expect(new Set(body.cells.map((c) => c.areaCode))).toEqual(new Set(["D01", "D02", "D03", "D04"]));

  const geo = await api.get("/api/v1/forecasts?purpose=briefing&area=D02", { headers: { Accept: "application/geo+json" } });
  expect(geo.headers()["content-type"]).toContain("application/geo+json");
  const collection = (await geo.json()) as { type: string; features: { geometry: { type: string }; properties: { areaCode: string } }[] };
  expect(collection.type).toBe("FeatureCollection");
  expect(collection.features.every((feature) => feature.geometry.type === "Polygon" && feature.properties.areaCode === "D02")).toBe(true);

  const elsewhere = await api.get("/api/v1/forecasts?purpose=briefing&area=D05");
  expect(elsewhere.status()).toBe(404);
  expect((await elsewhere.json()).error.code).toBe("not_found");
  const unapproved = await api.get("/api/v1/forecasts?purpose=briefing&category=assault");
  expect(unapproved.status()).toBe(404);
  expect((await unapproved.json()).error).toMatchObject({ code: "no_approved_forecast", reason: "none_approved" });
  expect((await api.get("/api/v1/forecasts")).status()).toBe(422);

  await page.context().clearCookies();
  expect((await page.request.get("/api/v1/forecasts?purpose=briefing")).status()).toBe(401);
  await signIn(page, "oversight_officer");
  expect((await page.request.get("/api/v1/forecasts?purpose=briefing")).status()).toBe(403);
});

test("oversight sees the forecasts in use and their realised accuracy", async ({ page }) => {
  await signIn(page, "oversight_officer", "/oversight/forecasts");
  await page.goto("/oversight/forecasts");
  await expect(page.getByTestId("realised-table")).toContainText("Property crime hotspots v1");
  await expect(page.getByTestId("forecasts-table").locator("tbody tr")).toHaveCount(6);
});
