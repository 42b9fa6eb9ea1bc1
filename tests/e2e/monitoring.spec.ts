import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
// axe-core is injected as a script; the pages' Content-Security-Policy (nonce-only) would refuse it.
test.use({ bypassCSP: true });

/** axe-core's serious and critical WCAG 2.0/2.1 A and AA violations in the page, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })).violations;
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
}

test("oversight opens the dashboard, reads the monitoring trends against thresholds, acknowledges an alert and runs monitoring now", async ({ page }) => {
  await signIn(page, "oversight_officer", "/oversight");
  const nav = page.getByTestId("main-nav");
  await expect(nav.locator("[data-nav=dashboard]")).toHaveText("Dashboard");
  await expect(nav.locator("[data-nav=monitoring]")).toHaveText("Monitoring");
  await nav.locator("[data-nav=dashboard]").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Oversight dashboard");
  for (const card of ["pending", "expiring", "objections", "alerts", "ledger"]) await expect(page.getByTestId(card)).toBeVisible();
  // The demo seeds objections in every state, one of them overdue and one due soon.
  await expect(page.getByTestId("objection-counts")).toContainText(/[1-9]\d* overdue/);
  await expect(page.getByTestId("alert-count")).toContainText(/[1-9]\d* awaiting acknowledgement/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "test-results/oversight-dashboard.png", fullPage: true });

  await page.getByRole("link", { name: "Open monitoring" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Post-deployment monitoring");
  await expect(page.getByTestId("suspension-policy")).toContainText("a breach raises an alert");
  const metrics = page.getByTestId("latest-metrics").first();
  await expect(metrics.locator("tbody tr")).toHaveCount(5);
  await expect(metrics.locator("tr[data-metric=realised_pai]")).toContainText("Realised accuracy (PAI)");
  await expect(metrics.locator("tr[data-metric=realised_pai]")).toContainText("≥ 2");
  const charts = page.locator("svg[data-testid^=trend-]");
  await expect(charts).toHaveCount(5);
  await expect(charts.first()).toHaveAttribute("aria-labelledby", /title .*desc/);
  expect(await charts.first().locator("[data-status]").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("monitoring-runs").locator("tbody tr").first()).toContainText("Completed");
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "test-results/monitoring-trends.png", fullPage: true });

  const alert = page.getByTestId("alerts").locator("li").filter({ has: page.getByRole("button", { name: "Acknowledge" }) }).first();
  await alert.getByLabel("What was done or decided").fill("Reviewed with the developer; retraining on reported incidents.");
  await alert.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("alerts")).toContainText("Reviewed with the developer");

  const run = page.getByTestId("run-monitoring").first();
  await run.getByRole("button", { name: "Run monitoring now" }).click();
  await expect(run).toContainText(/Queued as job [0-9a-f-]{36}/);

  await page.getByRole("link", { name: "Regional view of all districts" }).click();
  await expect(page.getByTestId("regional-map")).toBeVisible();
  // Oversight sees the cells behind the district figures, patrolled ones outlined.
  expect(await page.getByTestId("regional-map").locator("rect[data-patrolled]").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("cell-activity")).toBeVisible();
});

test("the public regional view shows districts by month with nothing finer, in English and Chinese", async ({ page, baseURL }) => {
  const response = await page.goto("/regional");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Regional view: districts over time");
  await expect(page.getByTestId("aggregation-note")).toContainText("no cell-level detail");
  const map = page.getByTestId("regional-map");
  await expect(map.locator("path[data-area]")).toHaveCount(20);
  await expect(map.locator("rect")).toHaveCount(0);
  await expect(page.getByTestId("regional-table").locator("tbody tr")).toHaveCount(20);
  await expect(page.getByTestId("border-table").locator("tbody tr")).toHaveCount(12);

  // The month the demo's patrols were logged in shows dosage and the patrolled districts.
  const controls = page.getByTestId("regional-controls");
  const months = await controls.getByLabel("Month").locator("option").allTextContents();
  let treated = 0;
  for (const month of months.slice(-2)) {
    await controls.getByLabel("Month").selectOption(month);
    await controls.getByLabel("Show").selectOption("dosage");
    await controls.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(new RegExp(`month=${month}`));
    treated += await map.locator("path[data-treated]").count();
  }
  expect(treated).toBeGreaterThan(0);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "test-results/regional-public.png", fullPage: true });

  const api = await page.request.get("/api/v1/regional");
  expect(api.status()).toBe(200);
  const body = await api.text();
  expect(JSON.parse(body)).toMatchObject({ months: expect.any(Array), districts: expect.any(Array), border: expect.any(Array) });
  expect(body).not.toMatch(/"cell"|"cells"|"geometry"|plannedMinutes/);
  expect((await page.request.get("/api/v1/regional?from=2026-13")).status()).toBe(422);

  await page.context().addCookies([{ name: "sightline-locale", value: "zh-CN", url: baseURL! }]);
  await page.goto("/regional");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("区域视图：各辖区随时间的变化");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: "test-results/regional-public-zh.png", fullPage: true });
});

test("police and citizens cannot open the dashboard or monitoring; the monitoring API refuses them", async ({ page }) => {
  await signIn(page, "police_staff", "/home");
  for (const path of ["/oversight", "/oversight/monitoring", "/oversight/monitoring/regional"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  expect((await page.request.get("/api/v1/monitoring")).status()).toBe(403);
});
