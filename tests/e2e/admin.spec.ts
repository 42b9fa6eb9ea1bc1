import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./support";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/e2e/incidents.csv");

test("an admin creates a user, who can then sign in with the given role", async ({ page, browser }) => {
  await signIn(page, "admin", "/admin/users");
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create user" }) });
  await form.getByLabel("Email").fill("analyst@demo.test");
  await form.getByLabel("Name").fill("Ana Lyst");
  await form.getByLabel("Role").selectOption("oversight_officer");
  await form.getByLabel("Initial password").fill("a long enough password");
  await form.getByLabel("Jurisdiction").fill("D05,D06");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("users-table")).toContainText("analyst@demo.test");

  const other = await browser.newPage();
  await other.goto("/signin");
  await other.getByLabel("Email").fill("analyst@demo.test");
  await other.getByLabel("Password").fill("a long enough password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByTestId("jurisdiction")).toContainText("D05");
  await other.close();
});

test("an admin imports a CSV: a bad row rejects the file, skipping imports the rest, with progress and a report", async ({ page }) => {
  await signIn(page, "admin", "/admin/imports");
  const form = page.locator("form", { hasText: "Import incidents (CSV)" });
  await form.getByLabel("File", { exact: true }).setInputFiles(FIXTURE);
  await form.locator("select[name=preset]").selectOption("sightline");
  await form.getByRole("button", { name: "Upload and import" }).click();
  await expect(form.getByTestId("import-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(form.getByTestId("import-progress")).toContainText("rejected");

  // A submitted form resets, as React does for form actions: choose everything again.
  await form.getByLabel("File", { exact: true }).setInputFiles(FIXTURE);
  await form.locator("select[name=preset]").selectOption("sightline");
  await form.getByLabel(/Import the valid rows/).check();
  await form.getByRole("button", { name: "Upload and import" }).click();
  await expect(form.getByTestId("import-progress")).toContainText("Imported: 2", { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId("import-reports")).toContainText("incidents.csv");
  await page.getByText("Show problems").first().click();
  await expect(page.getByTestId("import-reports")).toContainText('unknown category "spaceship"');
});

test("oversight filters incidents and exports the filtered set as formula-safe CSV", async ({ page }) => {
  await signIn(page, "oversight_officer", "/incidents");
  await expect(page.getByTestId("incidents-table")).toBeVisible();
  await page.locator("select[name=category]").selectOption("burglary");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/category=burglary/);
  const rows = page.getByTestId("incidents-table").locator("tbody tr");
  await expect(rows.first()).toContainText("Burglary");
  const href = await page.getByTestId("export-csv").getAttribute("href");
  const csv = await (await page.request.get(href!)).text();
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("external_id,category,source_code,description,occurred_at,lat,lon,area_code,source,status");
  expect(lines.slice(1).every((line) => line.split(",")[1] === "burglary")).toBe(true);
});

test("a personal API token acts with its owner's role until revoked", async ({ page, playwright }) => {
  await signIn(page, "police_staff", "/account");
  await page.getByLabel("Token name").fill("briefing script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const api = await playwright.request.newContext({ baseURL: page.url().replace(/\/account.*$/, "") });
  const me = await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).role).toBe("police_staff");
  expect((await api.get("/api/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(403);
  await page.reload();
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("tokens-table")).toContainText("Revoked");
  expect((await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  await api.dispose();
});
