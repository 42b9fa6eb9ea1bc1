import { describe, expect, it } from "vitest";
import { actionProblem, decideCase, isClosed, type CaseActor, type CaseEvent, type CaseFacts } from "@/lib/objections/case-machine";
import { CASE_STATUSES, type CaseStatus } from "@/lib/objections/kinds";
import { DEFAULT_DEADLINE_POLICY } from "@/lib/objections/policy";
import type { DecisionInput } from "@/lib/objections/schemas";

const NOW = new Date("2026-02-10T12:00:00Z");
const policy = DEFAULT_DEADLINE_POLICY;
const o1: CaseActor = { kind: "officer", userId: "o1" };
const o2: CaseActor = { kind: "officer", userId: "o2" };
const citizen: CaseActor = { kind: "citizen" };
const system: CaseActor = { kind: "system" };

const facts = (status: CaseStatus, extra: Partial<CaseFacts> = {}): CaseFacts => ({
  kind: "rectification",
  status,
  hasIncident: true,
  dueAt: new Date("2026-03-02T23:59:59.999Z"),
  pausedAt: null,
  extended: false,
  assignedTo: status === "received" ? null : "o1",
  decidedBy: ["decided", "appealed", "appeal_decided"].includes(status) ? "o1" : null,
  appealUntil: ["decided", "appealed", "appeal_decided"].includes(status) ? new Date("2026-03-12T23:59:59.999Z") : null,
  ...extra,
});
const correct: DecisionInput = { outcome: "upheld", reasons: "The record had the wrong street.", action: { type: "correct", location: { lat: 38.6, lon: -90.2 } } };
const reject: DecisionInput = { outcome: "rejected", reasons: "The record matches the report." };
const outcome = (status: CaseStatus, event: CaseEvent, actor: CaseActor, extra: Partial<CaseFacts> = {}) => {
  const result = decideCase(facts(status, extra), event, actor, NOW, policy);
  return result.ok ? result.patch.status : result.code;
};

describe("who may do what to a case, in which state", () => {
  const table: [string, CaseStatus, CaseEvent, CaseActor, string, Partial<CaseFacts>?][] = [
    ["an officer takes a new case", "received", { type: "assign", officerId: "o1" }, o1, "in_review"],
    ["the citizen cannot assign", "received", { type: "assign", officerId: "o1" }, citizen, "forbidden"],
    ["a decided case is not reassigned", "decided", { type: "assign", officerId: "o2" }, o2, "conflict"],
    ["the handler asks for information", "in_review", { type: "request_information", question: "Which night?" }, o1, "awaiting_information"],
    ["another officer cannot ask on the handler's case", "in_review", { type: "request_information", question: "?" }, o2, "forbidden"],
    ["nothing is asked on an unassigned case", "received", { type: "request_information", question: "?" }, o1, "forbidden"],
    ["the citizen answers", "awaiting_information", { type: "answer_information", answer: "The 3rd." }, citizen, "in_review"],
    ["an officer cannot answer for the citizen", "awaiting_information", { type: "answer_information", answer: "x" }, o1, "forbidden"],
    ["nothing to answer when nothing was asked", "in_review", { type: "answer_information", answer: "x" }, citizen, "conflict"],
    ["the handler extends once", "in_review", { type: "extend", days: 30, reason: "Archive retrieval." }, o1, "in_review"],
    ["a second extension is refused", "in_review", { type: "extend", days: 30, reason: "again" }, o1, "conflict", { extended: true }],
    ["an extension past 60 days is refused", "in_review", { type: "extend", days: 61, reason: "long" }, o1, "invalid_input"],
    ["the handler decides", "in_review", { type: "decide", decision: correct }, o1, "decided"],
    ["an officer decides an unassigned case and takes it", "received", { type: "decide", decision: reject }, o2, "decided"],
    ["a case assigned to another is not decided by someone else", "in_review", { type: "decide", decision: reject }, o2, "forbidden"],
    ["a case waiting for information may still be decided", "awaiting_information", { type: "decide", decision: reject }, o1, "decided"],
    ["the citizen cannot decide", "in_review", { type: "decide", decision: reject }, citizen, "forbidden"],
    ["the system cannot decide", "in_review", { type: "decide", decision: reject }, system, "forbidden"],
    ["a decided case is not decided again", "decided", { type: "decide", decision: reject }, o1, "conflict"],
    ["the citizen appeals within the window", "decided", { type: "appeal", reason: "The officer misread my report." }, citizen, "appealed"],
    ["an officer cannot appeal", "decided", { type: "appeal", reason: "x" }, o1, "forbidden"],
    ["a second appeal is refused", "appeal_decided", { type: "appeal", reason: "x" }, citizen, "conflict"],
    ["an appeal after the window is refused", "decided", { type: "appeal", reason: "x" }, citizen, "conflict", { appealUntil: new Date("2026-02-01T00:00:00Z") }],
    ["an undecided case cannot be appealed", "in_review", { type: "appeal", reason: "x" }, citizen, "conflict"],
    ["a different officer decides the appeal", "appealed", { type: "decide_appeal", decision: reject }, o2, "appeal_decided", { assignedTo: null }],
    ["the first decider may not decide the appeal", "appealed", { type: "decide_appeal", decision: reject }, o1, "forbidden", { assignedTo: null }],
    ["the first decider may not be assigned the appeal", "appealed", { type: "assign", officerId: "o1" }, o2, "conflict", { assignedTo: null }],
    ["a second officer is assigned the appeal", "appealed", { type: "assign", officerId: "o2" }, o2, "appealed", { assignedTo: null }],
    ["an appeal is decided once", "appeal_decided", { type: "decide_appeal", decision: reject }, o2, "conflict"],
    ["an appealed case is not decided as a first decision", "appealed", { type: "decide", decision: reject }, o2, "conflict"],
  ];
  for (const [name, status, event, actor, expected, extra] of table) {
    it(`${name} → ${expected}`, () => expect(outcome(status, event, actor, extra)).toBe(expected));
  }

  it("never lets the citizen or the system act as an officer, in any state", () => {
    const officerEvents: CaseEvent[] = [
      { type: "assign", officerId: "o1" },
      { type: "request_information", question: "?" },
      { type: "extend", days: 5, reason: "r" },
      { type: "decide", decision: reject },
      { type: "decide_appeal", decision: reject },
    ];
    for (const status of CASE_STATUSES) for (const event of officerEvents) for (const actor of [citizen, system]) expect(outcome(status, event, actor)).toBe("forbidden");
  });
});

describe("the clock through a case's life", () => {
  it("pauses on a request for information and restarts moved by the days the citizen took", () => {
    const asked = decideCase(facts("in_review"), { type: "request_information", question: "Which night?" }, o1, NOW, policy);
    expect(asked).toMatchObject({ ok: true, patch: { status: "awaiting_information", pausedAt: NOW } });
    const answered = decideCase(facts("awaiting_information", { pausedAt: NOW }), { type: "answer_information", answer: "The 3rd." }, citizen, new Date("2026-02-20T08:00:00Z"), policy);
    expect(answered).toMatchObject({ ok: true, patch: { status: "in_review", pausedAt: null, dueAt: new Date("2026-03-12T23:59:59.999Z") } });
  });

  it("does not pause when the jurisdiction's policy says the clock runs on", () => {
    const asked = decideCase(facts("in_review"), { type: "request_information", question: "?" }, o1, NOW, { ...policy, pauseOnInformationRequest: false });
    expect(asked).toMatchObject({ ok: true, patch: { pausedAt: null } });
  });

  it("records whether the decision met the deadline, and opens an appeal window", () => {
    const late = decideCase(facts("in_review", { dueAt: new Date("2026-02-01T23:59:59.999Z") }), { type: "decide", decision: reject }, o1, NOW, policy);
    expect(late).toMatchObject({ ok: true, patch: { decidedOnTime: false, decidedBy: "o1", appealUntil: new Date("2026-03-12T23:59:59.999Z"), closesAt: new Date("2026-03-12T23:59:59.999Z") } });
    const onTime = decideCase(facts("in_review"), { type: "decide", decision: reject }, o1, NOW, policy);
    expect(onTime).toMatchObject({ ok: true, patch: { decidedOnTime: true } });
  });

  it("counts a paused clock as stopped when deciding during a request for information", () => {
    const paused = facts("awaiting_information", { dueAt: new Date("2026-02-05T23:59:59.999Z"), pausedAt: new Date("2026-02-01T12:00:00Z") });
    expect(decideCase(paused, { type: "decide", decision: reject }, o1, NOW, policy)).toMatchObject({ ok: true, patch: { decidedOnTime: true, dueAt: new Date("2026-02-14T23:59:59.999Z") } });
  });

  it("gives an appeal a fresh deadline and no handler, so a second officer must take it", () => {
    expect(decideCase(facts("decided"), { type: "appeal", reason: "Misread." }, citizen, NOW, policy)).toMatchObject({
      ok: true,
      patch: { status: "appealed", dueAt: new Date("2026-03-12T23:59:59.999Z"), assignedTo: null, closesAt: null },
    });
  });

  it("is closed for good after the appeal decision, or once the appeal window passed unused", () => {
    expect(isClosed({ status: "appeal_decided", appealUntil: null }, NOW)).toBe(true);
    expect(isClosed({ status: "decided", appealUntil: new Date("2026-02-11T00:00:00Z") }, NOW)).toBe(false);
    expect(isClosed({ status: "decided", appealUntil: new Date("2026-02-09T00:00:00Z") }, NOW)).toBe(true);
    expect(isClosed({ status: "in_review", appealUntil: null }, NOW)).toBe(false);
  });
});

describe("what a decision may do to data", () => {
  const fix = { type: "correct" as const, category: "theft" as const };
  it.each([
    ["rectification", "upheld", undefined, true, "action: an upheld rectification states the correction"],
    ["rectification", "upheld", fix, true, null],
    ["rectification", "partially_upheld", undefined, true, null],
    ["rectification", "upheld", { type: "exclude" as const, erase: false }, true, "action.type: a rectification corrects the record"],
    ["exclusion", "upheld", undefined, true, "action: an upheld exclusion excludes the record"],
    ["exclusion", "upheld", { type: "exclude" as const, erase: true }, true, null],
    ["exclusion", "upheld", fix, true, "action.type: an upheld exclusion excludes the record"],
    ["exclusion", "partially_upheld", fix, true, null],
    ["rectification", "rejected", fix, true, "action: a rejected objection changes no data"],
    ["access", "upheld", fix, true, "action: only rectification and exclusion cases change incident data"],
    ["complaint", "upheld", undefined, false, null],
    ["rectification", "upheld", fix, false, "action: the case names no incident"],
  ] as const)("%s %s %o (incident: %s) → %s", (kind, outcome, action, hasIncident, expected) => {
    expect(actionProblem(kind, outcome, action, hasIncident, NOW)).toBe(expected);
  });

  it("refuses a corrected time in the future", () => {
    expect(actionProblem("rectification", "upheld", { type: "correct", occurredAt: "2026-03-01T00:00:00Z" }, true, NOW)).toBe("action.occurredAt: must not be in the future");
  });
});
