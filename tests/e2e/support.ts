import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "sightline-demo";

export const DEMO_USERS = {
  admin: "admin@demo.test",
  model_developer: "developer@demo.test",
  oversight_officer: "oversight1@demo.test",
  police_staff: "police@demo.test",
  citizen: "citizen@demo.test",
} as const;

export type DemoRole = keyof typeof DEMO_USERS;

export async function signIn(page: Page, role: DemoRole, returnTo = "/home"): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill(DEMO_USERS[role]);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}
