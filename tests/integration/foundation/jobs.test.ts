import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { claimJob, completeJob, enqueueJob, failJobAttempt, getJobStatus, LeaseLostError, reportJobProgress } from "@/db/queries/jobs";
import { jobs, settings } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";

const KIND = ["test.job"];

async function newJob(maxAttempts = 3): Promise<string> {
  return enqueueJob(await getDb(), { kind: "test.job", payload: { n: 1 }, createdBy: null, maxAttempts });
}

async function expireLease(id: string) {
  const db = await getDb();
  await db.update(jobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));
}

describe("the job queue", () => {
  it("hands each job to one claimant only", async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => newJob()));
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimJob(KIND, 60)));
    const claimed = claims.filter((c) => c !== null).map((c) => c!.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual([...ids].sort());
  });

  it("completes a job with its work in one transaction, and never twice", async () => {
    await newJob();
    const job = (await claimJob(KIND, 60))!;
    const db = await getDb();
    await reportJobProgress(job, 0.5, "half way", 60);
    await db.transaction(async (tx) => {
      await tx.insert(settings).values({ key: `work-${job.id}`, value: { done: true } });
      await completeJob(tx, job, { ok: true });
    });
    const [row] = await db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row).toMatchObject({ status: "succeeded", progress: 1, result: { ok: true } });
    await expect(db.transaction((tx) => completeJob(tx, job, { ok: true }))).rejects.toBeInstanceOf(LeaseLostError);
  });

  it("rolls back the work of a worker whose lease was taken over", async () => {
    const id = await newJob();
    const first = (await claimJob(KIND, 60))!;
    expect(first.id).toBe(id);
    await expireLease(id);
    const second = (await claimJob(KIND, 60))!;
    expect(second).toMatchObject({ id, attempt: 2 });
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(settings).values({ key: `stale-${id}`, value: {} });
        await completeJob(tx, first, {});
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(await db.select().from(settings).where(eq(settings.key, `stale-${id}`))).toHaveLength(0);
    await expect(reportJobProgress(first, 0.9, "stale", 60)).rejects.toBeInstanceOf(LeaseLostError);
    await db.transaction((tx) => completeJob(tx, second, {}));
  });

  it("retries a failed attempt later and fails for good after the last one", async () => {
    const id = await newJob(2);
    const db = await getDb();
    const first = (await claimJob(KIND, 60))!;
    await failJobAttempt(first, "boom 1");
    let [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: "queued", error: "boom 1" });
    expect(await claimJob(KIND, 60)).toBeNull();
    await db.update(jobs).set({ runAfter: sql`now()` }).where(eq(jobs.id, id));
    const second = (await claimJob(KIND, 60))!;
    await failJobAttempt(second, "boom 2");
    [row] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("shows a job's progress to its creator and to job readers, and hides it from others", async () => {
    const id = await newJob();
    const stranger: Actor = { userId: "00000000-0000-0000-0000-000000000001", role: "citizen", pseudonym: "u_x", areaIds: [] };
    const oversight: Actor = { ...stranger, role: "oversight_officer" };
    await expect(getJobStatus(stranger, id)).rejects.toMatchObject({ code: "not_found" });
    expect((await getJobStatus(oversight, id)).status).toBe("queued");
  });
});
