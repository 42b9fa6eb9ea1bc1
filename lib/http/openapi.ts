/**
 * The machine API's description (OpenAPI 3.1). Kept beside the routes' contracts and served
 * at /api/v1/openapi.json; a test checks that every route file appears here.
 */
const error = { $ref: "#/components/schemas/Error" };
const errorResponses = {
  "401": { description: "No session or token", content: { "application/json": { schema: error } } },
  "403": { description: "The role may not do this", content: { "application/json": { schema: error } } },
};

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Sightline API",
    version: "1",
    description: "Machine API of the Sightline oversight portal. Authenticate with the session cookie or `Authorization: Bearer <personal API token>`.",
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" }, session: { type: "apiKey", in: "cookie", name: "authjs.session-token" } },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
      },
      User: {
        type: "object",
        properties: {
          id: { type: "string", format: "uuid" },
          email: { type: "string" },
          displayName: { type: "string" },
          role: { enum: ["citizen", "police_staff", "model_developer", "oversight_officer", "admin"] },
          disabled: { type: "boolean" },
          areaCodes: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
  security: [{ bearer: [] }, { session: [] }],
  paths: {
    "/api/health": {
      get: {
        summary: "Service and database health",
        security: [],
        responses: {
          "200": { description: "Up", content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" }, database: { enum: ["pglite", "postgres"] } } } } } },
          "503": { description: "Database unreachable", content: { "application/json": { schema: error } } },
        },
      },
    },
    "/api/v1/me": { get: { summary: "The caller's identity, role and jurisdiction", responses: { "200": { description: "Identity" }, ...errorResponses } } },
    "/api/v1/users": {
      get: { summary: "All users (admin)", responses: { "200": { description: "Users", content: { "application/json": { schema: { type: "object", properties: { users: { type: "array", items: { $ref: "#/components/schemas/User" } } } } } } }, ...errorResponses } },
      post: { summary: "Create a user (admin)", responses: { "201": { description: "Created" }, "409": { description: "Email taken" }, "422": { description: "Invalid input" }, ...errorResponses } },
    },
    "/api/v1/tokens": {
      get: { summary: "The caller's personal API tokens", responses: { "200": { description: "Tokens" }, ...errorResponses } },
      post: { summary: "Create a personal API token (shown once)", responses: { "201": { description: "Created" }, ...errorResponses } },
    },
    "/api/v1/tokens/{id}": {
      delete: { summary: "Revoke one of the caller's tokens", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "204": { description: "Revoked" }, "404": { description: "Not found" }, ...errorResponses } },
    },
    "/api/v1/jobs/{id}": {
      get: { summary: "A background job's status and progress", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "Job" }, "404": { description: "Not found" }, ...errorResponses } },
    },
    "/api/v1/incidents": {
      get: {
        summary: "Incidents in the caller's scope (oversight, admin); format=csv exports the filtered set",
        parameters: ["category", "area", "status", "from", "to", "q", "offset", "limit", "sort", "order", "format"].map((name) => ({ name, in: "query", schema: { type: "string" } })),
        responses: { "200": { description: "A page of incidents, or CSV" }, "422": { description: "Invalid filter" }, ...errorResponses },
      },
    },
    "/api/v1/ledger/checkpoint": {
      get: { summary: "The latest signed checkpoint (tree size, root hash, time, Ed25519 signature) with the public key", security: [], responses: { "200": { description: "Signed checkpoint" }, "404": { description: "None signed yet" } } },
    },
    "/api/v1/ledger/checkpoints": {
      get: { summary: "Signed checkpoints, newest first", security: [], parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }], responses: { "200": { description: "Checkpoints" } } },
    },
    "/api/v1/ledger/entries": {
      get: {
        summary: "Ledger entries, newest first (pseudonyms and hashes only)",
        security: [],
        parameters: ["kind", "actor", "subject", "afterSeq", "limit"].map((name) => ({ name, in: "query", schema: { type: "string" } })),
        responses: { "200": { description: "Entries" } },
      },
    },
    "/api/v1/ledger/entries/{seq}/proof": {
      get: {
        summary: "RFC 6962 inclusion proof of an entry in the tree of treeSize entries (default: all)",
        security: [],
        parameters: [
          { name: "seq", in: "path", required: true, schema: { type: "integer" } },
          { name: "treeSize", in: "query", schema: { type: "integer" } },
        ],
        responses: { "200": { description: "Entry, leaf hash, audit path and root" }, "404": { description: "No such entry in that tree" }, "422": { description: "Malformed number" } },
      },
    },
    "/api/v1/ledger/consistency": {
      get: {
        summary: "RFC 6962 consistency proof between the trees of `from` and `to` entries",
        security: [],
        parameters: ["from", "to"].map((name) => ({ name, in: "query", required: true, schema: { type: "integer" } })),
        responses: { "200": { description: "Both roots and the proof" }, "422": { description: "Sizes out of range" } },
      },
    },
    "/api/v1/models": {
      post: { summary: "Register a model { name, purpose } (model developers)", responses: { "201": { description: "Model" }, "409": { description: "Name taken" }, "422": { description: "Invalid input" }, ...errorResponses } },
    },
    "/api/v1/models/{id}/versions": {
      post: {
        summary: "Register a draft version { definition, modelCard }: algorithm and parameters, categories, training window, cell size, area scope, engine version; the model card must rule out individual-level prediction",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "201": { description: "Version with its number and definition hash" }, "404": { description: "No such model" }, "422": { description: "Invalid definition or card, field named" }, ...errorResponses },
      },
    },
    "/api/v1/versions/{id}": {
      get: { summary: "A version with its card, approvals (approvers by pseudonym), state as of now and history", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "Version" }, "404": { description: "Not found (drafts are visible to their registrant only)" }, ...errorResponses } },
    },
    "/api/v1/versions/{id}/submit": {
      post: { summary: "Submit a draft (its registrant); it is immutable from then on", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "New state and ledger sequence number" }, "409": { description: "Not a draft" }, ...errorResponses } },
    },
    "/api/v1/versions/{id}/approvals": {
      post: {
        summary: 'An oversight officer\'s decision: { "decision": "approve", "scope": { areaCodes, categories }, "validUntil"?, "reason", "override"? } or { "decision": "reject", "reason" }. Two different officers, neither the registrant, approve; valid-until defaults to 90 days, at most 180.',
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "New state and ledger sequence number" }, "409": { description: "Wrong state or already approved by this officer" }, "422": { description: "Invalid scope, date or reason" }, ...errorResponses },
      },
    },
    "/api/v1/versions/{id}/audits": {
      post: {
        summary: "Launch an audit { from, to (dates; from on or after the training window's end), horizonDays? (1 | 7), coverage?, reference? (a demographic group of the version's areas; default the largest) } of a submitted or audited version on a fresh data snapshot (oversight officers); answers { auditId, jobId }",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "202": { description: "Queued" }, "409": { description: "Version not auditable" }, "422": { description: "Invalid evaluation period" }, ...errorResponses },
      },
    },
    "/api/v1/audits/{id}": {
      get: { summary: "An audit's status, progress (and progressMessage), verdict and immutable report (accuracy vs naive with capture curves and calibration, bias by group, the reported-only comparison, feedback loop, stability, displacement, policy criteria, the map of flagged cells over residents)", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "{ status, progress, report }" }, "404": { description: "Not found" }, ...errorResponses } },
    },
    "/api/v1/policy": {
      get: { summary: "The audit policy in force (thresholds: minPai, marginOverNaive, disparityBand, maxFalsePositiveDisparity, maxFeedbackRatio; for monitoring also minDisplacementWdq, displacementBufferM and autoSuspendOnBreach)", responses: { "200": { description: "{ id, policy }" }, ...errorResponses } },
      put: { summary: "Store a new policy version (admins); recorded on the ledger", responses: { "200": { description: "{ id, policy }" }, "422": { description: "Invalid threshold, named" }, ...errorResponses } },
    },
    "/api/v1/versions/{id}/suspend": {
      post: { summary: "Suspend an approved version at once { reason } (any oversight officer)", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "Suspended" }, "409": { description: "Not approved" }, ...errorResponses } },
    },
    "/api/v1/versions/{id}/forecasts": {
      post: {
        summary: "Generate forecasts of an approved version now { periodStart? } (oversight); a background job",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "202": { description: "{ jobId }" }, "404": { description: "No such version" }, "409": { description: "Not approved now" }, "413": { description: "Body over 256 KiB" }, "422": { description: "Bad periodStart" }, ...errorResponses },
      },
    },
    "/api/v1/forecasts": {
      get: {
        summary: "The approved forecast for the officer's jurisdiction (police staff); the view is logged on the ledger first",
        description:
          "Stating a purpose is required. Answers JSON, or GeoJSON cells with `Accept: application/geo+json`; every answer carries its ledger receipt (seq, leafIndex, leafHash, forecastMerkleRoot). When nothing approved applies: 404 with error.code `no_approved_forecast` and a reason (none_approved, expired, suspended, not_generated). 503 when the view cannot be logged: no log, no forecast.",
        parameters: [
          { name: "purpose", in: "query", required: true, schema: { enum: ["patrol_planning", "resource_allocation", "briefing"] } },
          { name: "area", in: "query", schema: { type: "string" }, description: "An area code of the officer's jurisdiction; all of it by default" },
          { name: "category", in: "query", schema: { type: "string" } },
          { name: "date", in: "query", schema: { type: "string", format: "date" }, description: "A day inside the forecast period; today by default" },
          { name: "horizon", in: "query", schema: { enum: [1, 7] }, description: "Days; 7 by default" },
        ],
        responses: {
          "200": { description: "Forecast, cells and receipt", content: { "application/json": {}, "application/geo+json": {} } },
          "404": { description: "Area outside the jurisdiction, or no_approved_forecast", content: { "application/json": { schema: error } } },
          "422": { description: "Missing or invalid purpose or query", content: { "application/json": { schema: error } } },
          "503": { description: "The view could not be logged", content: { "application/json": { schema: error } } },
          ...errorResponses,
        },
      },
    },
    "/api/v1/forecasts/{id}/cells/{cell}/proof": {
      get: {
        summary: "Proof that one cell's stored prediction is in the forecast whose Merkle root is on the ledger (oversight; police for forecasts they viewed, own areas)",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "cell", in: "path", required: true, schema: { type: "integer" } },
        ],
        responses: { "200": { description: "{ leaf, leafIndex, treeSize, auditPath, merkleRoot, ledgerSeq }" }, "404": { description: "No such cell you may see" }, ...errorResponses },
      },
    },
    "/api/v1/forecasts/{id}/actions": {
      get: { summary: "Decisions recorded on a forecast in the officer's jurisdiction", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "{ actions }" }, ...errorResponses } },
      post: {
        summary: "Record a decision for a cell { kind: patrol_assigned | not_acted | extra_cell, cell, plannedMinutes | reason } (police staff who viewed the forecast)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "201": { description: "{ action }" }, "404": { description: "Forecast not viewed by this officer" }, "409": { description: "Already recorded for this cell" }, "422": { description: "Invalid decision, naming the field" }, ...errorResponses },
      },
    },
    "/api/v1/forecasts/{id}/actions/{actionId}/outcome": {
      post: {
        summary: "Record the outcome of a decision once { incidentFound, arrests, stops, note? } (the officer who recorded it)",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "actionId", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { description: "{ action }" }, "404": { description: "No such action of yours" }, "409": { description: "Outcome already recorded" }, "422": { description: "Invalid outcome" }, ...errorResponses },
      },
    },
    "/api/v1/objections": {
      post: {
        summary: "File a data objection (public, no account needed; a signed-in citizen's case also appears in their own list)",
        description:
          'Body: { kind: access | rectification | exclusion | objection | complaint, description (≤ 5000 characters), incidentExternalId?, areaCode?, forecastId?, cell?, contactEmail?, website (honeypot: leave empty) }. Rectification and exclusion name an incident, objection an area, complaint a forecast, access an incident or an area. Answers { trackingCode, dueAt, receipt: { seq, leafIndex, leafHash, recordedAt } }; the tracking code is shown only here. With an `Idempotency-Key` header (1–200 visible ASCII characters) a retry gets the same answer (header `Idempotent-Replayed: true`) for 24 hours; the key with a different body is refused. At most 10 new cases an hour per client address.',
        security: [],
        parameters: [{ name: "Idempotency-Key", in: "header", schema: { type: "string", maxLength: 200 } }],
        responses: {
          "201": { description: "{ trackingCode, dueAt, receipt }" },
          "413": { description: "Body over 256 KiB", content: { "application/json": { schema: error } } },
          "422": { description: "Invalid input, the field named first in the message (unknown incident, area or forecast included); nothing is created", content: { "application/json": { schema: error } } },
          "429": { description: "Too many new cases from this address; Retry-After says when to try again", content: { "application/json": { schema: error } } },
        },
      },
    },
    "/api/v1/objections/{ref}": {
      get: {
        summary: "A case's public status by its tracking code (minimal): kind, status, due date and clock, an open request for information, decisions with reasons, the appeal and what changed in the data",
        security: [],
        parameters: [{ name: "ref", in: "path", required: true, description: "The tracking code (case, dashes and O/0, I/L/1 forgiven)", schema: { type: "string" } }],
        responses: { "200": { description: "Status" }, "404": { description: "No case has this code" }, "422": { description: "Not a well-formed tracking code" } },
      },
    },
    "/api/v1/objections/{ref}/decision": {
      post: {
        summary: 'Decide a case, or its appeal when it is under appeal (oversight officers of its jurisdiction): { outcome: upheld | partially_upheld | rejected, reasons, action?: { type: "correct", category?, occurredAt?, location?: { lat, lon } } | { type: "exclude", erase } }',
        description:
          "An upheld rectification must state its correction and an upheld exclusion must exclude; the action becomes a new incident revision on the ledger, a new data snapshot, 'data changed' flags on every model version whose training data covered the record and annotations on every stored forecast that used it. An appeal is decided by an officer other than the first decider.",
        parameters: [{ name: "ref", in: "path", required: true, description: "The case's id", schema: { type: "string", format: "uuid" } }],
        responses: {
          "200": { description: "{ status, ledgerSeq, receipt, change }" },
          "404": { description: "No such case in the officer's jurisdiction" },
          "409": { description: "Wrong state (already decided, not under appeal, incident already excluded)" },
          "422": { description: "Invalid outcome, reasons or action, field named" },
          ...errorResponses,
        },
      },
    },
    "/api/v1/objections/policy": {
      get: {
        summary: "The objection policy in force (public): default and per-area deadline policy { responseDays, maxExtensionDays (≤ 60), dueSoonDays, appealWindowDays, pauseOnInformationRequest, timeZone } and reauditAfterChangedRecords",
        security: [],
        responses: { "200": { description: "{ default, byArea, reauditAfterChangedRecords }" } },
      },
      put: {
        summary: "Replace the objection policy (administrators); recorded on the ledger; cases already filed keep the policy they were filed under",
        responses: { "200": { description: "The policy" }, "422": { description: "Invalid value, field named" }, ...errorResponses },
      },
    },
    "/api/v1/objections/stats": {
      get: { summary: "Public statistics of objections per month and in total: cases by kind, decisions by outcome, median days to decision, share decided within the deadline", security: [], responses: { "200": { description: "{ months: [...], totals }" } } },
    },
    "/api/v1/register": {
      get: {
        summary: "The public algorithm register, live: every model version that is or was approved, with its model card, approval scope and expiry, approvers' roles, latest audit summary (PAI and exposure disparity with intervals, a verdict per criterion, overrides), suspensions, serious incidents, use, objection statistics and the latest signed ledger checkpoint",
        security: [],
        parameters: [{ name: "format", in: "query", schema: { enum: ["json", "csv"] } }],
        responses: { "200": { description: "{ generatedAt, organisation, checkpoint, objections, entries } or CSV (one row per version)" }, "422": { description: "Unknown format" } },
      },
    },
    "/api/v1/register/{id}": {
      get: {
        summary: "One version's register entry (public); drafts and versions never approved are not found",
        security: [],
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "format", in: "query", schema: { enum: ["json", "csv"] } },
        ],
        responses: { "200": { description: "{ generatedAt, organisation, checkpoint, objections, entry } or a one-row CSV" }, "404": { description: "Not on the register" }, "422": { description: "Unknown format" } },
      },
    },
    "/api/v1/register/atrs": {
      get: {
        summary: "The register as UK Algorithmic Transparency Recording Standard (v3.0) records, tier 1 and tier 2, with an x_sightline extension (state, suspensions, serious incidents, ledger checkpoint)",
        security: [],
        responses: { "200": { description: "{ atrs_version, generated_at, organisation, records: [{ metadata, tier_1, tier_2, x_sightline }] }" } },
      },
    },
    "/api/v1/register/atrs/{id}": {
      get: {
        summary: "One version's ATRS record (tier 1 and tier 2)",
        security: [],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: { "200": { description: "{ metadata, tier_1, tier_2, x_sightline }" }, "404": { description: "Not on the register" } },
      },
    },
    "/api/v1/monitoring": {
      get: {
        summary: "Post-deployment monitoring (oversight officers, admins): every version that is or was approved, within the reader's jurisdiction, with its runs, each metric (realised_pai, exposure_disparity, false_positive_disparity, feedback_ratio, displacement_wdq) as value, interval, threshold and status (pass, breach, not_measurable with a reason), the monthly trend per metric, and the alerts awaiting acknowledgement",
        responses: { "200": { description: "{ versions: [{ id, modelName, number, state, runs, trend, openAlerts }], openAlerts }" }, ...errorResponses },
      },
    },
    "/api/v1/versions/{id}/monitoring": {
      post: {
        summary: "Run monitoring of a version now { month?: YYYY-MM, default the current month to date } (oversight officers); a background job measures the forecasts it served, and a breach raises an alert and, where the policy says so, suspends the version on the ledger",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: { "202": { description: "{ runId, jobId, month }" }, "404": { description: "No such version" }, "409": { description: "Never approved: nothing served to monitor" }, "413": { description: "Body over 256 KiB" }, "422": { description: "Bad month, named" }, ...errorResponses },
      },
    },
    "/api/v1/monitoring/alerts/{id}/acknowledgement": {
      post: {
        summary: "Acknowledge a monitoring alert once { note } (oversight officers); on the ledger",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: { "200": { description: "The alert, acknowledged" }, "404": { description: "No such alert in your jurisdiction" }, "409": { description: "Already acknowledged" }, "422": { description: "note missing or too long" }, ...errorResponses },
      },
    },
    "/api/v1/regional": {
      get: {
        summary: "The public regional view: per district and month, the share of cells flagged by the forecasts served, planned patrol minutes, the change in recorded crime per day against the month before, whether patrols were logged there (treated) or next door, each district's neighbours and a per-month summary of treated districts, their untreated neighbours and the rest. Nothing finer than district × month",
        security: [],
        parameters: [
          { name: "from", in: "query", schema: { type: "string", pattern: "^\\d{4}-\\d{2}$" }, description: "First month, YYYY-MM (default eleven months before `to`)" },
          { name: "to", in: "query", schema: { type: "string", pattern: "^\\d{4}-\\d{2}$" }, description: "Last month, YYYY-MM (default the current month)" },
        ],
        responses: { "200": { description: "{ generatedAt, months, areas: [{ code, name }], adjacency, districts, border }" }, "422": { description: "Bad month, named" } },
      },
    },
    "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
  },
} as const;
