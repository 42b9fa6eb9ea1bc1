import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// axe-core is injected as an inline script, which the pages' Content-Security-Policy (proxy.ts) refuses.
test.use({ bypassCSP: true });

interface Violation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page and returns its serious and critical
 * violations, each as one readable line naming the rule and the elements.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations;
  }) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
}

const PUBLIC_PAGES = ["/", "/ledger", "/register", "/signin"];

for (const locale of ["en", "zh-CN"] as const) {
  test(`public pages have no serious or critical accessibility violations (${locale})`, async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "sightline-locale", value: locale, url: baseURL! }]);
    const found: string[] = [];
    const pages = [...PUBLIC_PAGES];
    await page.goto("/register");
    const first = page.getByTestId("register-row").first().getByRole("link");
    if (await first.count()) pages.push(new URL((await first.getAttribute("href"))!, baseURL).pathname);
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("alert").filter({ hasText: "Something went wrong" })).toHaveCount(0);
      for (const line of await seriousViolations(page)) found.push(`${path}: ${line}`);
    }
    expect(found).toEqual([]);
  });
}

test("the oversight officer's serious-incident page has no serious or critical accessibility violations", async ({ page }) => {
  await signIn(page, "oversight_officer", "/oversight/serious-incidents");
  const response = await page.goto("/oversight/serious-incidents");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Serious incidents");
  expect(await seriousViolations(page)).toEqual([]);
});
