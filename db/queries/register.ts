import "server-only";
import { and, asc, count, desc, eq, inArray, max } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { audits, forecasts, forecastViews, models, modelVersions, patrolActions, users, versionApprovals, versionTransitions } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { buildEntry, REGISTER_STATES, type PublicCheckpoint, type Register, type RegisterEntry, type RegisterFacts } from "@/lib/register/entry";
import { latestCheckpoint } from "./ledger-checkpoints";
import { getObjectionStatistics } from "./objections";
import { incidentFactsOf } from "./serious-incidents";

/*
 * The public register: no login, so no assertCan. What may be read is decided here, by what is
 * selected: versions that are or were approved (never drafts or versions never approved), people
 * only by role (never names, e-mails or ids), and counts of use, never who used it. Every call
 * reads the database afresh: a version suspended a second ago shows as suspended.
 */

type VersionRow = RegisterFacts["version"];

async function versionRows(db: Executor, versionId?: string): Promise<VersionRow[]> {
  const onRegister = inArray(modelVersions.state, [...REGISTER_STATES]);
  return db
    .select({
      id: modelVersions.id,
      modelId: models.id,
      modelName: models.name,
      modelPurpose: models.purpose,
      number: modelVersions.number,
      state: modelVersions.state,
      validUntil: modelVersions.validUntil,
      definitionHash: modelVersions.definitionHash,
      definition: modelVersions.definition,
      modelCard: modelVersions.modelCard,
      approvedAreaCodes: modelVersions.approvedAreaCodes,
      approvedCategories: modelVersions.approvedCategories,
      registeredAt: modelVersions.createdAt,
    })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(versionId ? and(onRegister, eq(modelVersions.id, versionId)) : onRegister)
    .orderBy(asc(models.name), desc(modelVersions.number));
}

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
};

async function factsFor(db: Executor, versions: VersionRow[]): Promise<RegisterFacts[]> {
  const ids = versions.map((v) => v.id);
  if (ids.length === 0) return [];
  const [approvals, transitions, completed, incidents, forecastCounts, viewCounts, patrolCounts] = await Promise.all([
    db
      .select({ versionId: versionApprovals.versionId, role: users.role, areaCodes: versionApprovals.areaCodes, categories: versionApprovals.categories, validUntil: versionApprovals.validUntil, reason: versionApprovals.reason, override: versionApprovals.override, at: versionApprovals.createdAt })
      .from(versionApprovals)
      .innerJoin(users, eq(users.id, versionApprovals.approverId))
      .where(inArray(versionApprovals.versionId, ids)),
    db
      .select({ versionId: versionTransitions.versionId, from: versionTransitions.fromState, to: versionTransitions.toState, reason: versionTransitions.reason, ledgerSeq: versionTransitions.ledgerSeq, at: versionTransitions.at, actorRole: users.role })
      .from(versionTransitions)
      .leftJoin(users, eq(users.id, versionTransitions.actorId))
      .where(inArray(versionTransitions.versionId, ids)),
    db
      .select({ id: audits.id, versionId: audits.versionId, completedAt: audits.completedAt, evaluation: audits.evaluation, inputHash: audits.inputHash, report: audits.report })
      .from(audits)
      .where(and(inArray(audits.versionId, ids), eq(audits.status, "completed")))
      .orderBy(desc(audits.completedAt)),
    incidentFactsOf(db, ids),
    db.select({ versionId: forecasts.versionId, n: count(), last: max(forecasts.generatedAt) }).from(forecasts).where(inArray(forecasts.versionId, ids)).groupBy(forecasts.versionId),
    db.select({ versionId: forecasts.versionId, n: count() }).from(forecastViews).innerJoin(forecasts, eq(forecasts.id, forecastViews.forecastId)).where(inArray(forecasts.versionId, ids)).groupBy(forecasts.versionId),
    db.select({ versionId: forecasts.versionId, n: count() }).from(patrolActions).innerJoin(forecasts, eq(forecasts.id, patrolActions.forecastId)).where(inArray(forecasts.versionId, ids)).groupBy(forecasts.versionId),
  ]);
  const approvalsOf = groupBy(approvals, (a) => a.versionId);
  const transitionsOf = groupBy(transitions, (t) => t.versionId);
  const auditsOf = groupBy(completed, (a) => a.versionId);
  const forecastsOf = new Map(forecastCounts.map((row) => [row.versionId, row]));
  const viewsOf = new Map(viewCounts.map((row) => [row.versionId, row.n]));
  const patrolsOf = new Map(patrolCounts.map((row) => [row.versionId, row.n]));
  return versions.map((version) => {
    const latest = auditsOf.get(version.id)?.[0];
    return {
      version,
      approvals: (approvalsOf.get(version.id) ?? []).map(({ versionId: _, ...approval }) => approval),
      transitions: (transitionsOf.get(version.id) ?? []).map(({ versionId: _, ...transition }) => transition),
      audit: latest?.completedAt && latest.report ? { id: latest.id, completedAt: latest.completedAt, evaluation: latest.evaluation, inputHash: latest.inputHash, report: latest.report } : null,
      incidents: incidents.get(version.id) ?? [],
      usage: { forecasts: forecastsOf.get(version.id)?.n ?? 0, views: viewsOf.get(version.id) ?? 0, patrolDecisions: patrolsOf.get(version.id) ?? 0, lastForecastAt: forecastsOf.get(version.id)?.last ?? null },
    };
  });
}

async function publicCheckpoint(db: Executor): Promise<PublicCheckpoint | null> {
  const signed = await latestCheckpoint(db);
  return signed ? { ...signed.checkpoint, keyId: signed.keyId, signature: signed.signature, publicKey: signed.publicKey } : null;
}

/**
 * The whole public register at `now`: every version that is or was approved, with its card,
 * approval, audit summary, suspensions, serious incidents and use, and the latest signed ledger
 * checkpoint.
 */
export async function getRegister(now: Date = new Date()): Promise<Register> {
  const db = await getDb();
  // Objection statistics are the objection service's public figures: counts and durations, no case.
  const [versions, checkpoint, objections] = await Promise.all([versionRows(db), publicCheckpoint(db), getObjectionStatistics()]);
  const facts = await factsFor(db, versions);
  const entries = facts.map((f) => buildEntry(f, now)).filter((entry): entry is RegisterEntry => entry !== null);
  return { generatedAt: now, organisation: env().REGISTER_ORGANISATION, checkpoint, objections, entries };
}

/** One version's register entry; a draft, a version never approved or an unknown id is not found. */
export async function getRegisterEntry(versionId: string, now: Date = new Date()): Promise<{ entry: RegisterEntry; register: Omit<Register, "entries"> }> {
  if (!z.uuid().safeParse(versionId).success) throw new AppError("not_found", "No such version on the register.");
  const db = await getDb();
  const [versions, checkpoint, objections] = await Promise.all([versionRows(db, versionId), publicCheckpoint(db), getObjectionStatistics()]);
  const [facts] = await factsFor(db, versions);
  const entry = facts ? buildEntry(facts, now) : null;
  if (!entry) throw new AppError("not_found", "No such version on the register.");
  return { entry, register: { generatedAt: now, organisation: env().REGISTER_ORGANISATION, checkpoint, objections } };
}
