import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findLiveIdentity } from "@/db/queries/identity";
import { runAreaImport, startImport } from "@/db/queries/imports";
import { getJobStatus } from "@/db/queries/jobs";
import { createUserAsSystem } from "@/db/queries/users";
import { startWorkers } from "@/lib/jobs/worker";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/import");

describe("an import uploaded through the portal", () => {
  it("runs on the in-process worker, reporting progress from inside its transaction without deadlocking", async () => {
    await runAreaImport({ geojsonText: fs.readFileSync(path.join(FIXTURES, "areas.geojson"), "utf8"), options: { fileName: "areas.geojson", codeField: "code", nameField: "name" }, demographics: [], actorId: null });
    const admin = (await findLiveIdentity((await createUserAsSystem({ email: "admin@example.test", displayName: "a", role: "admin", password: "long enough pass" })).id))!.actor;
    const { jobId } = await startImport(admin, { kind: "incidents", fileName: "bad.csv", content: fs.readFileSync(path.join(FIXTURES, "bad.csv")), options: { preset: "sightline", skipInvalid: true } });
    const workers = startWorkers(1);
    try {
      let status = await getJobStatus(admin, jobId);
      for (let i = 0; i < 100 && (status.status === "queued" || status.status === "running"); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = await getJobStatus(admin, jobId);
      }
      expect(status).toMatchObject({ status: "succeeded", progress: 1, result: { status: "imported", importedCount: 2 } });
    } finally {
      await workers.stop();
    }
  });
});
