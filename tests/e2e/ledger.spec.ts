import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("anyone can verify a ledger receipt in their own browser", async ({ page, request }) => {
  const checkpoint = await request.get("/api/v1/ledger/checkpoint");
  expect(checkpoint.status()).toBe(200);
  const signed = (await checkpoint.json()) as { checkpoint: { treeSize: number; rootHash: string }; publicKey: string };
  expect(signed.checkpoint.treeSize).toBeGreaterThan(0);

  await page.goto("/ledger");
  await expect(page.getByTestId("tree-size")).toHaveText(String(signed.checkpoint.treeSize));
  await page.getByLabel("Sequence number").fill("1");
  await page.getByRole("button", { name: "Verify in my browser" }).click();
  await expect(page.getByTestId("verification")).toContainText("Verified: the entry is in the ledger under the signed root.");
  await expect(page.getByTestId("verification")).toContainText('"kind": "user.created"');

  await page.getByLabel("Sequence number").fill("999999");
  await page.getByRole("button", { name: "Verify in my browser" }).click();
  await expect(page.getByTestId("verification")).toContainText("Not verified");
});

test("the proof endpoints answer malformed input with a clear 422", async ({ request }) => {
  const response = await request.get("/api/v1/ledger/entries/abc/proof");
  expect(response.status()).toBe(422);
  expect((await response.json()).error.code).toBe("invalid_input");
  const consistency = await request.get("/api/v1/ledger/consistency?from=1&to=1");
  expect(consistency.status()).toBe(200);
});

test("an oversight officer verifies the whole ledger and reads an entry's proof", async ({ page }) => {
  await signIn(page, "oversight_officer", "/oversight/ledger");
  await expect(page.getByTestId("ledger-table")).toContainText("user.created");
  await page.getByRole("button", { name: "Verify the whole ledger now" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("integrity")).toContainText("intact", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("link", { name: "1", exact: true }).click();
  await expect(page.getByTestId("entry-proof-status")).toHaveText("Verified: the entry is in the ledger under the signed root.");
});
