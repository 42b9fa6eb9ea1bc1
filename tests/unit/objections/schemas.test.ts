import { describe, expect, it } from "vitest";
import { decisionSchema, extensionSchema, intakeSchema, MAX_DESCRIPTION, parseFields } from "@/lib/objections/schemas";

const valid = { kind: "rectification", description: "The burglary on my street is recorded a block away.", incidentExternalId: "SYN-000123" };
const problems = (input: unknown) => {
  const parsed = parseFields(intakeSchema, input);
  return parsed.ok ? null : parsed.fields;
};

describe("an objection as filed", () => {
  it("accepts each kind with the reference it needs, and treats blank form fields as absent", () => {
    expect(parseFields(intakeSchema, valid)).toMatchObject({ ok: true });
    expect(parseFields(intakeSchema, { kind: "access", description: "What do you hold about D03?", areaCode: "D03", contactEmail: "", website: "" })).toMatchObject({ ok: true, data: { contactEmail: undefined } });
    expect(parseFields(intakeSchema, { kind: "objection", description: "Stop using D02 data.", areaCode: "D02" })).toMatchObject({ ok: true });
    expect(parseFields(intakeSchema, { kind: "complaint", description: "Patrols doubled.", forecastId: "0b0c9d7e-2d7a-4f59-9a3e-6a4c2c1b9f10", cell: "17" })).toMatchObject({ ok: true, data: { cell: 17 } });
  });

  it("names every missing field", () => {
    expect(problems({})).toEqual({ kind: expect.any(String), description: "required" });
    expect(problems({ kind: "rectification", description: "x" })).toEqual({ incidentExternalId: "name the incident to correct" });
    expect(problems({ kind: "exclusion", description: "x" })).toEqual({ incidentExternalId: "name the incident to exclude" });
    expect(problems({ kind: "objection", description: "x" })).toEqual({ areaCode: "name the area whose data is concerned" });
    expect(problems({ kind: "complaint", description: "x" })).toEqual({ forecastId: "name the forecast concerned" });
    expect(problems({ kind: "access", description: "x" })).toEqual({ incidentExternalId: "name an incident id or an area code" });
    expect(problems({ kind: "access", description: "   ", areaCode: "D01" })).toEqual({ description: "required" });
  });

  it("names over-long text, a wrong kind, a bad e-mail, a filled honeypot and unknown fields", () => {
    expect(problems({ ...valid, description: "x".repeat(MAX_DESCRIPTION + 1) })).toEqual({ description: `at most ${MAX_DESCRIPTION} characters` });
    expect(parseFields(intakeSchema, { ...valid, description: "x".repeat(MAX_DESCRIPTION) }).ok).toBe(true);
    expect(problems({ ...valid, kind: "complain" })).toEqual({ kind: "must be one of access, rectification, exclusion, objection, complaint" });
    expect(problems({ ...valid, contactEmail: "not-an-address" })).toEqual({ contactEmail: "must be an e-mail address" });
    expect(problems({ ...valid, website: "http://spam.example" })).toEqual({ website: "must be left empty" });
    expect(problems({ ...valid, incidentExternalId: "x".repeat(101) })).toEqual({ incidentExternalId: "at most 100 characters" });
    expect(problems({ ...valid, name: "Jane" })).toEqual({ name: "is not a field here" });
    expect(problems({ ...valid, kind: 7 })).toEqual({ kind: expect.stringContaining("must be one of") });
    expect(problems({ kind: "complaint", description: "x", cell: 3 })).toEqual({ forecastId: "name the forecast concerned" });
    expect(problems({ kind: "complaint", description: "x", forecastId: "nope" })).toEqual({ forecastId: "must be a forecast id (UUID)" });
  });

  it("says all problems in one line, first field first", () => {
    const parsed = parseFields(intakeSchema, { kind: "rectification", description: "" });
    expect(parsed).toMatchObject({ ok: false, message: "description: required; incidentExternalId: name the incident to correct" });
  });
});

describe("officers' input", () => {
  it("validates decisions with their data action", () => {
    expect(parseFields(decisionSchema, { outcome: "upheld", reasons: "Wrong street.", action: { type: "correct", location: { lat: 38.6, lon: -90.2 } } }).ok).toBe(true);
    expect(parseFields(decisionSchema, { outcome: "upheld", reasons: "Wrong.", action: { type: "correct" } })).toMatchObject({ ok: false, fields: { action: "name at least one field to correct (category, occurredAt, location)" } });
    expect(parseFields(decisionSchema, { outcome: "granted", reasons: "" })).toMatchObject({ ok: false, fields: { outcome: "must be one of upheld, partially_upheld, rejected", reasons: "required" } });
    expect(parseFields(decisionSchema, { outcome: "upheld", reasons: "x", action: { type: "correct", location: { lat: 95, lon: 0 } } })).toMatchObject({ ok: false, fields: { "action.location.lat": "between -90 and 90" } });
    expect(parseFields(decisionSchema, { outcome: "upheld", reasons: "x", action: { type: "delete" } })).toMatchObject({ ok: false });
  });

  it("reads extension days from a form field", () => {
    expect(parseFields(extensionSchema, { days: "30", reason: "Archive." })).toEqual({ ok: true, data: { days: 30, reason: "Archive." } });
    expect(parseFields(extensionSchema, { days: "", reason: "Archive." })).toMatchObject({ ok: false, fields: { days: "required" } });
  });
});
