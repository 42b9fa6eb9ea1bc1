import { expect, test, type Page } from "@playwright/test";
import { signIn, type DemoRole } from "./support";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function switchTo(page: Page, role: DemoRole, path: string) {
  await page.context().clearCookies();
  await signIn(page, role, path);
}

test("from registration through an audit to approval by two officers, in the browser", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "model_developer", "/models");
  const form = page.getByTestId("register-form");
  await form.getByLabel("Model name").fill("Browser burglary hotspots");
  await form.getByLabel("Purpose").fill("Weekly patrol planning advice");
  await form.getByLabel("Crime categories").fill("burglary,theft");
  await form.getByLabel("Area codes").fill("D01,D02,D03,D04");
  await form.getByLabel("Training data from").fill(day(-700));
  await form.getByLabel("Training data to").fill(day(-100));
  await form.getByLabel("Intended use").fill("Weekly advice for patrol planning.");
  await form.getByLabel(/Uses out of scope/).fill("Any individual-level prediction.");
  await form.getByLabel("Data sources").fill("Recorded incidents of the demo city.");
  await form.getByLabel("Known biases of the data").fill("Discovered incidents follow patrols.");
  await form.getByLabel("Limitations").fill("Stationary counts.");
  await form.getByLabel("How humans oversee it").fill("Advisory; officers decide.");
  await form.getByLabel("Contact").fill("models@demo.test");
  await form.getByRole("button", { name: "Register draft" }).click();
  await expect(form.getByRole("status")).toHaveText("Draft registered.");
  await page.getByRole("link", { name: "Browser burglary hotspots" }).click();
  await page.waitForURL(/\/models\/versions\//);
  const versionUrl = page.url().replace(/^https?:\/\/[^/]+/, "");
  await expect(page.getByTestId("action-approve")).toHaveCount(0);
  await page.getByRole("button", { name: /Submit for audit/ }).click();
  await expect(page.getByTestId("version-state")).toHaveText("Submitted");

  // The officer finds it in the queue of versions awaiting a decision.
  await switchTo(page, "oversight_officer", "/models");
  const queued = page.getByTestId("queue-table").getByRole("row").filter({ hasText: "Browser burglary hotspots" });
  await expect(queued).toContainText("Submitted");
  await expect(queued).toContainText("Launch an audit");
  await queued.getByRole("link", { name: "Browser burglary hotspots" }).click();
  await page.waitForURL(/\/models\/versions\//);
  const audit = page.getByTestId("action-audit");
  await audit.getByLabel("Evaluate from").fill(day(-84));
  await audit.getByLabel("Evaluate to").fill(day(-1));
  await audit.getByLabel(/Reference group/).selectOption("group_a");
  await audit.getByRole("button", { name: "Launch an audit" }).click();
  // The page follows the job's progress and shows the stored report when it is done, without a reload.
  await expect(page.getByTestId("audit-report")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("bias-table")).toContainText("group_a");
  await expect(page.getByTestId("criteria-table")).toContainText("Margin over the naive baseline");
  await expect(page.getByTestId("version-state")).toHaveText("Audited");
  for (const chart of ["capture-chart", "calibration-chart", "disparity-chart", "flag-map"]) await expect(page.getByTestId(chart)).toBeVisible();
  await expect(page.getByRole("img", { name: /Capture curve/ })).toBeVisible();
  expect(await page.getByTestId("flagged-cells").locator("rect").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("reported-only")).toContainText(/Trained on reported incidents only|not measurable/);
  const approve = page.getByTestId("action-approve");
  await approve.getByLabel("Reason").fill("Accuracy and exposure reviewed.");
  if (await approve.getByLabel(/Override justification/).count()) await approve.getByLabel(/Override justification/).fill("Failed criteria reviewed; owned by me.");
  await approve.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("approvals")).toContainText("Accuracy and exposure reviewed.");
  await expect(page.getByTestId("version-state")).toHaveText("Audited");

  await switchTo(page, "police_staff", versionUrl);
  await expect(page.getByTestId("forbidden")).toBeVisible();

  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByLabel("Email").fill("oversight2@demo.test");
  await page.getByLabel("Password").fill("sightline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Ola Oversight");
  await page.goto(versionUrl);
  const second = page.getByTestId("action-approve");
  await second.getByLabel("Reason").fill("Second review agrees.");
  if (await second.getByLabel(/Override justification/).count()) await second.getByLabel(/Override justification/).fill("Failed criteria reviewed; owned by me too.");
  await second.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("version-state")).toHaveText("Approved");
  await expect(page.getByTestId("action-suspend")).toBeVisible();

  // The report on a page of its own: every criterion, the overrides if the audit failed, printable, in Chinese too.
  await page.getByTestId("audits-table").getByRole("link", { name: "Full report" }).click();
  await page.waitForURL(/\/models\/audits\//);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Audit report · Browser burglary hotspots v1");
  await expect(page.getByTestId("audit-protocol")).toContainText("forecast periods of 7 days");
  await expect(page.getByTestId("criteria-table").getByRole("row")).toHaveCount(6);
  const failed = (await page.getByTestId("audit-verdict").textContent())?.includes("fail");
  if (failed) await expect(page.getByTestId("overrides")).toContainText("Failed criteria reviewed; owned by me too.");
  await expect(page.getByRole("button", { name: "Print report" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print report" })).toBeHidden();
  await expect(page.getByTestId("flag-map")).toBeVisible();
  await page.screenshot({ path: "test-results/registry-audit-report-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
  await page.context().addCookies([{ name: "sightline-locale", value: "zh-CN", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "捕获曲线" })).toBeVisible();
  await expect(page.getByTestId("criteria-table")).toContainText("相对朴素基线的优势");
});

test("the oversight queue is for officers only", async ({ page }) => {
  await signIn(page, "model_developer", "/models");
  await expect(page.getByTestId("versions-table")).toBeVisible();
  await expect(page.getByTestId("queue-table")).toHaveCount(0);
});
