import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./support";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function signedIn(browser: Browser, role: "citizen" | "oversight_officer"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, role);
  return page;
}

test("a citizen files an objection in the browser and follows it to an upheld correction that reaches the data, the model and its forecasts", async ({ browser }) => {
  test.setTimeout(180_000);
  const officer = await signedIn(browser, "oversight_officer");
  // An incident the demo model was trained on: burglary, inside its training window.
  const found = await officer.request.get(`/api/v1/incidents?category=burglary&status=active&from=${isoDay(Date.now() - 400 * DAY)}&to=${isoDay(Date.now() - 200 * DAY)}&limit=1`);
  expect(found.status()).toBe(200);
  const incident = ((await found.json()) as { rows: { externalId: string }[] }).rows[0]!;

  const citizen = await signedIn(browser, "citizen");
  await citizen.goto("/objections/new");
  await citizen.getByRole("button", { name: "File the objection" }).click();
  await expect(citizen.getByTestId("error-description")).toContainText("required");
  await expect(citizen.getByTestId("error-incidentExternalId")).toContainText("name the incident to correct");

  await citizen.getByLabel("Incident id").fill(incident.externalId);
  await citizen.getByLabel("Your objection").fill("This was a theft from a parked car, not a burglary: nobody entered a building.");
  await citizen.getByLabel("E-mail (optional)").fill("e2e-citizen@example.org");
  await citizen.getByRole("button", { name: "File the objection" }).click();
  const receipt = citizen.getByTestId("filing-receipt");
  await expect(receipt).toBeVisible();
  const code = (await citizen.getByTestId("tracking-code").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  expect(Number(await citizen.getByTestId("receipt-seq").textContent())).toBeGreaterThan(0);
  await citizen.screenshot({ path: "test-results/objection-receipt.png", fullPage: true });

  await citizen.getByTestId("follow-case").click();
  await citizen.waitForURL(/\/objections\/track\//);
  await expect(citizen.getByTestId("case-status")).toHaveText("Received");
  await expect(citizen.getByTestId("case-clock")).toContainText("30 day(s) left");

  // The officer finds it in the queue, takes it and asks a question.
  await officer.goto("/oversight/objections");
  await expect(officer.getByTestId("objection-queue")).toBeVisible();
  await officer.getByRole("link", { name: `…${code.slice(-5)}` }).click();
  await officer.waitForURL(/\/oversight\/objections\/[0-9a-f-]{36}$/);
  await expect(officer.getByTestId("case-description")).toContainText("theft from a parked car");
  await officer.getByTestId("assign-form").getByRole("button", { name: "Assign" }).click();
  await expect(officer.getByTestId("case-status")).toHaveText("In review");
  await expect(officer.getByTestId("case-contact")).toHaveText("e2e-citizen@example.org");
  await officer.getByLabel("Question to the citizen").fill("Was anything taken from inside a building?");
  await officer.getByRole("button", { name: "Ask" }).click();
  await expect(officer.getByTestId("case-status")).toHaveText("Waiting for information");

  // The citizen answers on the status page; the clock had stopped.
  await citizen.reload();
  await expect(citizen.getByTestId("case-clock")).toContainText("Clock stopped");
  await expect(citizen.getByTestId("information-requests")).toContainText("Was anything taken from inside a building?");
  await citizen.getByLabel("Your answer").fill("No, only a bag from the car.");
  await citizen.getByRole("button", { name: "Send my answer" }).click();
  await expect(citizen.getByTestId("case-status")).toHaveText("In review");

  // The officer upholds it with a correction of the category.
  await officer.reload();
  await expect(officer.getByTestId("case-history")).toContainText("No, only a bag from the car.");
  const decide = officer.getByTestId("decide-form");
  await decide.getByLabel("Outcome").selectOption("upheld");
  await decide.getByLabel("Reasons (the citizen reads them)").fill("The report describes a theft from a parked car; the category was mis-coded.");
  await decide.getByLabel("Correct the record").check();
  await decide.getByLabel("Corrected category").selectOption("theft");
  await decide.getByRole("button", { name: "Record the decision" }).click();
  await expect(officer.getByTestId("case-status")).toHaveText("Decided");
  await expect(officer.getByTestId("data-changes")).toContainText(`Incident ${incident.externalId} was corrected`);
  await expect(officer.getByTestId("case-annotations")).not.toContainText("No stored forecast was affected");

  // The citizen reads the decision, its reasons and what changed.
  await citizen.reload();
  await expect(citizen.getByTestId("decision-outcome")).toHaveText("Upheld");
  await expect(citizen.getByTestId("decision")).toContainText("mis-coded");
  const changes = citizen.getByTestId("data-changes");
  await expect(changes).toContainText("Category: Burglary → Theft");
  await expect(changes.getByTestId("versions-flagged")).toContainText(/^1 model version/);
  await expect(changes.getByTestId("forecasts-annotated")).toHaveText(/^[1-9]\d* past forecast/);
  await expect(citizen.getByTestId("appeal-form")).toBeVisible();
  await citizen.screenshot({ path: "test-results/objection-decided.png", fullPage: true });

  await citizen.goto("/objections/mine");
  await expect(citizen.getByTestId("my-objections")).toContainText(`…${code.slice(-5)}`);

  // The registry shows the version as "data changed".
  await officer.goto("/models");
  await officer.getByTestId("versions-table").getByRole("link").first().click();
  await expect(officer.getByTestId("version-data-changed")).toBeVisible();
});

test("the objection API answers 201 with a receipt, replays a retried key, and refuses bad or huge bodies", async ({ request }) => {
  const huge = await request.post("/api/v1/objections", { data: { kind: "access", description: "x".repeat(300 * 1024), areaCode: "D01" } });
  expect(huge.status()).toBe(413);
  const unknown = await request.post("/api/v1/objections", { data: { kind: "rectification", description: "Wrong.", incidentExternalId: "NO-SUCH-INCIDENT" } });
  expect(unknown.status()).toBe(422);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^incidentExternalId: /);
  const long = await request.post("/api/v1/objections", { data: { kind: "access", description: "x".repeat(5_001), areaCode: "D01" } });
  expect(long.status()).toBe(422);
  expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/^description: /);

  const body = { kind: "objection", description: "Stop processing D01's data for patrols.", areaCode: "D01" };
  const first = await request.post("/api/v1/objections", { data: body, headers: { "Idempotency-Key": "e2e-retry-key" } });
  expect(first.status()).toBe(201);
  const filed = (await first.json()) as { trackingCode: string; dueAt: string; receipt: { seq: number } };
  expect(filed.receipt.seq).toBeGreaterThan(0);
  const again = await request.post("/api/v1/objections", { data: body, headers: { "Idempotency-Key": "e2e-retry-key" } });
  expect(again.status()).toBe(201);
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  expect(await again.json()).toEqual(filed);

  const status = await request.get(`/api/v1/objections/${filed.trackingCode.toLowerCase()}`);
  expect(status.status()).toBe(200);
  const shown = (await status.json()) as Record<string, unknown>;
  expect(shown).toMatchObject({ kind: "objection", status: "received", dueAt: filed.dueAt });
  expect(JSON.stringify(shown)).not.toContain("Stop processing");
  expect((await request.get("/api/v1/objections/NOT-A-CODE")).status()).toBe(422);
  expect((await request.get("/api/v1/objections/stats")).status()).toBe(200);
  expect((await request.post(`/api/v1/objections/00000000-0000-4000-8000-000000000000/decision`, { data: { outcome: "rejected", reasons: "x" } })).status()).toBe(401);
});
