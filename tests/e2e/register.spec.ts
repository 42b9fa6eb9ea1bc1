import { expect, test, type Browser, type Page } from "@playwright/test";
import { atrsRecordSchema, atrsRegisterSchema } from "@/lib/register/atrs-schema";
import { DEMO_PASSWORD, signIn } from "./support";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A visitor with no account, reading in `locale`. */
async function visitor(browser: Browser, baseURL: string, locale: "en" | "zh-CN"): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies([{ name: "sightline-locale", value: locale, url: baseURL }]);
  return context.newPage();
}

async function signInAs(page: Page, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

test("a visitor reads the live register in English and Chinese, prints it and downloads its ATRS and CSV exports", async ({ browser, baseURL }) => {
  const en = await visitor(browser, baseURL!, "en");
  await en.goto("/register");
  await expect(en.getByRole("heading", { level: 1 })).toHaveText("Public algorithm register");
  const row = en.getByTestId("register-row").filter({ hasText: "Property crime hotspots" });
  await expect(row).toContainText("Approved");
  await expect(row).toContainText(/\d+\.\d\d \(95% interval \d+\.\d\d–\d+\.\d\d\)/);
  await expect(en.getByTestId("register-checkpoint")).toContainText("Root hash");
  await en.screenshot({ path: "test-results/register-en.png", fullPage: true });
  await en.emulateMedia({ media: "print" });
  await expect(en.getByRole("button", { name: "Print" })).toBeHidden();
  await en.screenshot({ path: "test-results/register-en-print.png", fullPage: true });
  await en.emulateMedia({ media: "screen" });

  await row.getByRole("link").click();
  await expect(en.getByTestId("entry-state")).toHaveText("Approved");
  await expect(en.getByTestId("approver-role")).toHaveText(["Oversight officer", "Oversight officer"]);
  await expect(en.getByTestId("audit-criteria").locator("tbody tr")).toHaveCount(5);
  await expect(en.getByTestId("audit-pai")).toContainText("95% interval");
  await expect(en.locator("body")).not.toContainText("@demo.test>"); // no account e-mail; the card's contact is the model team's
  await en.screenshot({ path: "test-results/register-entry-en.png", fullPage: true });

  const atrs = await en.request.get("/api/v1/register/atrs");
  expect(atrs.status()).toBe(200);
  const whole = atrsRegisterSchema.parse(await atrs.json());
  const record = whole.records.find((r) => r.tier_1.name.startsWith("Property crime hotspots"))!;
  expect(record.metadata).toMatchObject({ phase: "production", atrs_version: "3.0", function: ["public-order-and-safety"] });
  expect(record.tier_1.website).toMatch(new RegExp(`^${baseURL}/register/[0-9a-f-]{36}$`));
  const single = await en.request.get(`/api/v1/register/atrs/${record.x_sightline.version_id}`);
  expect(atrsRecordSchema.parse(await single.json()).x_sightline.version_id).toBe(record.x_sightline.version_id);
  const csv = await en.request.get("/api/v1/register?format=csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toMatch(/^version_id,model,version,state,/);
  expect((await en.request.get("/api/v1/register?format=xml")).status()).toBe(422);
  expect((await en.request.get("/api/v1/register/atrs/00000000-0000-4000-8000-000000000000")).status()).toBe(404);

  const zh = await visitor(browser, baseURL!, "zh-CN");
  await zh.goto("/register");
  await expect(zh.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(zh.getByRole("heading", { level: 1 })).toHaveText("公开算法登记册");
  await expect(zh.getByTestId("register-row").filter({ hasText: "Property crime hotspots" })).toContainText("已批准");
  await zh.screenshot({ path: "test-results/register-zh.png", fullPage: true });
  await zh.getByTestId("register-row").filter({ hasText: "Property crime hotspots" }).getByRole("link").click();
  await expect(zh.getByTestId("entry-state")).toHaveText("已批准");
  await expect(zh.getByTestId("approver-role")).toHaveText(["监督官员", "监督官员"]);
  await expect(zh.getByRole("heading", { name: "最近一次审计" })).toBeVisible();
  await zh.screenshot({ path: "test-results/register-entry-zh.png", fullPage: true });
});

test("a version suspended a second ago shows as suspended, and a serious incident filed by oversight shows at once", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  await signIn(page, "model_developer");
  const model = await page.request.post("/api/v1/models", { data: { name: "Register walk-through", purpose: "Checking the public register follows the registry" } });
  expect(model.status()).toBe(201);
  const { model: created } = (await model.json()) as { model: { id: string } };
  const registered = await page.request.post(`/api/v1/models/${created.id}/versions`, {
    data: {
      definition: { algorithm: "naive", parameters: {}, categories: ["burglary"], trainingWindow: { from: day(-700), to: day(-120) }, cellSizeM: 150, areaCodes: ["D01", "D02"], engineVersion: "0.1.0" },
      modelCard: { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Recorded incidents.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory only.", contact: "register-team@models.example" },
    },
  });
  expect(registered.status()).toBe(201);
  const { version } = (await registered.json()) as { version: { id: string } };
  expect((await page.request.post(`/api/v1/versions/${version.id}/submit`)).status()).toBe(200);

  await page.context().clearCookies();
  await signIn(page, "oversight_officer");
  expect((await page.request.post(`/api/v1/versions/${version.id}/audits`, { data: { from: day(-84), to: day(-1) } })).status()).toBe(202);
  await expect(async () => {
    const state = ((await (await page.request.get(`/api/v1/versions/${version.id}`)).json()) as { version: { state: string } }).version.state;
    expect(state).toBe("audited");
  }).toPass({ timeout: 120_000 });
  const verdict = ((await (await page.request.get(`/api/v1/versions/${version.id}`)).json()) as { version: { auditVerdict: string } }).version.auditVerdict;
  const approval = (reason: string) => ({ decision: "approve", scope: { areaCodes: ["D01", "D02"], categories: ["burglary"] }, reason, ...(verdict === "fail" ? { override: `Failed criteria read: ${reason}` } : {}) });
  expect((await page.request.post(`/api/v1/versions/${version.id}/approvals`, { data: approval("First review.") })).status()).toBe(200);
  await signInAs(page, "oversight2@demo.test");
  expect((await page.request.post(`/api/v1/versions/${version.id}/approvals`, { data: approval("Second review.") })).status()).toBe(200);

  const reader = await visitor(browser, baseURL!, "en");
  await reader.goto(`/register/${version.id}`);
  await expect(reader.getByTestId("entry-state")).toHaveText("Approved");

  expect((await page.request.post(`/api/v1/versions/${version.id}/suspend`, { data: { reason: "Flags concentrated on one estate; suspended pending review." } })).status()).toBe(200);
  await reader.reload();
  await expect(reader.getByTestId("entry-state")).toHaveText("Suspended");
  await expect(reader.getByTestId("entry-suspensions")).toContainText("Flags concentrated on one estate; suspended pending review.");
  const atrs = atrsRecordSchema.parse(await (await reader.request.get(`/api/v1/register/atrs/${version.id}`)).json());
  expect(atrs.metadata.phase).toBe("retired");
  expect(atrs.x_sightline.state).toBe("suspended");
  await reader.goto("/register");
  await expect(reader.getByTestId("register-row").filter({ hasText: "Register walk-through" })).toContainText("Suspended");

  await page.goto("/oversight/serious-incidents");
  const form = page.getByTestId("file-incident-form");
  await form.getByLabel("Model version").selectOption(version.id);
  await form.getByLabel("Harm (Art. 3(49))").selectOption("fundamental_rights_infringement");
  await form.getByLabel(/Affected groups/).fill("Residents of district D01");
  await form.getByLabel("What happened").fill("Flags fell on one estate for six weeks although reported crime there did not rise.");
  await form.getByLabel("Actions taken").fill("Version suspended; patrol allocations reviewed.");
  await form.getByLabel("When the organisation became aware").fill(`${day(-1)}T09:30`);
  await form.getByLabel("Time zone the deadline counts in").fill("Europe/Brussels");
  await form.getByRole("button", { name: "File incident" }).click();
  await expect(page.getByTestId("file-incident-result")).toContainText("Art. 73(2): 15 days");
  await expect(page.getByTestId("serious-incidents-table")).toContainText("Register walk-through");
  await page.screenshot({ path: "test-results/serious-incidents-oversight.png", fullPage: true });

  await reader.goto(`/register/${version.id}`);
  const filed = reader.getByTestId("register-incident");
  await expect(filed).toContainText("Infringement of fundamental rights");
  await expect(filed).toContainText("Residents of district D01");
  await expect(filed.getByTestId("incident-clock")).toContainText(/^\d+ days left to report$/);
  await reader.screenshot({ path: "test-results/register-entry-suspended-en.png", fullPage: true });
});

test("filing serious incidents is for oversight only", async ({ page }) => {
  await page.context().clearCookies();
  await signIn(page, "police_staff");
  await page.goto("/oversight/serious-incidents");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await page.context().clearCookies();
  await signIn(page, "admin");
  await page.goto("/oversight/serious-incidents");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Serious incidents");
  await expect(page.getByTestId("file-incident-form")).toHaveCount(0);
});
