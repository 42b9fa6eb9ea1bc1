import { expect, test } from "@playwright/test";
import { DEMO_USERS, signIn, type DemoRole } from "./support";

/** What each role's navigation shows (data-nav keys), in order. */
const NAVIGATION: Record<DemoRole, string[]> = {
  admin: ["home", "dashboard", "forecastsInUse", "monitoring", "models", "incidents", "ledger", "seriousIncidents", "users", "areas", "imports", "account"],
  model_developer: ["home", "models", "account"],
  oversight_officer: ["home", "dashboard", "forecastsInUse", "monitoring", "objections", "models", "incidents", "ledger", "seriousIncidents", "account"],
  police_staff: ["home", "forecasts", "account"],
  citizen: ["home", "myObjections", "account"],
};

/** Protected pages and the roles allowed in; everyone else must be refused (deny by default). */
const PAGES: Record<string, DemoRole[]> = {
  "/home": ["admin", "model_developer", "oversight_officer", "police_staff", "citizen"],
  "/account": ["admin", "model_developer", "oversight_officer", "police_staff", "citizen"],
  "/models": ["admin", "model_developer", "oversight_officer"],
  "/incidents": ["admin", "oversight_officer"],
  "/oversight/ledger": ["admin", "oversight_officer"],
  "/admin/users": ["admin"],
  "/admin/areas": ["admin"],
  "/admin/imports": ["admin"],
  "/oversight/objections": ["oversight_officer"],
  "/objections/mine": ["citizen"],
  "/oversight/serious-incidents": ["admin", "oversight_officer"],
  "/oversight": ["admin", "oversight_officer"],
  "/oversight/monitoring": ["admin", "oversight_officer"],
  "/oversight/monitoring/regional": ["admin", "oversight_officer"],
};

const ROLES = Object.keys(DEMO_USERS) as DemoRole[];

test("the public landing page says what Sightline is and links the public parts", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Predictive policing");
  await expect(page.getByRole("link", { name: /OpenAPI/ })).toBeVisible();
});

test("health reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "pglite" });
});

for (const path of Object.keys(PAGES)) {
  test(`signed out, ${path} leads to sign-in`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(path).replace(/[/]/g, "%2F")}`));
  });
}

for (const role of ROLES) {
  test.describe(`as ${role}`, () => {
    test.beforeEach(async ({ page }) => signIn(page, role));

    test("signs in and sees exactly its navigation", async ({ page }) => {
      const keys = await page.getByTestId("main-nav").locator("[data-nav]").evaluateAll((links) => links.map((l) => l.getAttribute("data-nav")));
      expect(keys).toEqual(NAVIGATION[role]);
    });

    test("is let into its pages and refused elsewhere", async ({ page }) => {
      for (const [path, allowed] of Object.entries(PAGES)) {
        const response = await page.goto(path);
        if (allowed.includes(role)) {
          expect(response?.status(), `${role} ${path}`).toBe(200);
          await expect(page.getByTestId("forbidden"), `${role} ${path}`).toHaveCount(0);
        } else {
          expect(response?.status(), `${role} ${path}`).toBe(403);
          await expect(page.getByTestId("forbidden"), `${role} ${path}`).toBeVisible();
        }
      }
    });

    test("gets the user list from the API only as admin", async ({ page }) => {
      const response = await page.request.get("/api/v1/users");
      if (role === "admin") {
        expect(response.status()).toBe(200);
        const body = (await response.json()) as { users: { email: string; passwordHash?: string }[] };
        expect(body.users.map((u) => u.email)).toContain("police@demo.test");
        expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
      } else {
        expect(response.status()).toBe(403);
        expect(await response.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
      }
    });
  });
}

test("the API refuses requests without a session", async ({ request }) => {
  const response = await request.get("/api/v1/users");
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("unauthenticated");
});

test("a wrong password and an unknown account get the same answer", async ({ page }) => {
  for (const email of ["police@demo.test", "nobody@demo.test"]) {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form [role=alert]")).toHaveText("The email or password is not right, or the account is disabled.");
  }
});

test("the language switch shows the portal in Simplified Chinese", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("让预测性警务接受问责");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});
