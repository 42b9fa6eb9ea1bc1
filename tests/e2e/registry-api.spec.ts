import { expect, test, type Page } from "@playwright/test";
import { signIn, type DemoRole } from "./support";

async function as(page: Page, role: DemoRole) {
  await page.context().clearCookies();
  await signIn(page, role);
  return page.request;
}

test("the registry API: developers register and submit, nobody approves an unaudited version, others are refused", async ({ page }) => {
  let api = await as(page, "model_developer");
  const model = await api.post("/api/v1/models", { data: { name: "Weekly burglary hotspots", purpose: "Patrol planning advice" } });
  expect(model.status()).toBe(201);
  const { model: created } = (await model.json()) as { model: { id: string } };
  const bad = await api.post(`/api/v1/models/${created.id}/versions`, { data: { definition: { algorithm: "crystal_ball" }, modelCard: {} } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.message).toMatch(/^definition/);
  const version = await api.post(`/api/v1/models/${created.id}/versions`, {
    data: {
      definition: { algorithm: "naive", parameters: {}, categories: ["burglary"], trainingWindow: { from: "2025-01-01", to: "2026-10-31" }, cellSizeM: 150, areaCodes: ["D01", "D02"], engineVersion: "0.1.0" },
      modelCard: { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Recorded incidents.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory only.", contact: "models@demo.test" },
    },
  });
  expect(version.status()).toBe(201);
  const { version: draft } = (await version.json()) as { version: { id: string } };
  expect((await api.post(`/api/v1/versions/${draft.id}/approvals`, { data: { decision: "reject", reason: "self" } })).status()).toBe(403);
  expect((await api.post(`/api/v1/versions/${draft.id}/submit`)).status()).toBe(200);
  expect((await api.post(`/api/v1/versions/${draft.id}/submit`)).status()).toBe(409);

  api = await as(page, "police_staff");
  expect((await api.get(`/api/v1/versions/${draft.id}`)).status()).toBe(403);
  expect((await api.post("/api/v1/models", { data: { name: "x", purpose: "y" } })).status()).toBe(403);

  api = await as(page, "oversight_officer");
  expect((await api.get(`/api/v1/versions/${draft.id}`)).status()).toBe(200);
  const early = await api.post(`/api/v1/versions/${draft.id}/approvals`, { data: { decision: "approve", scope: { areaCodes: ["D01"], categories: ["burglary"] }, reason: "looks fine" } });
  expect(early.status()).toBe(409);
  expect((await early.json()).error.message).toMatch(/audited first/);
});
