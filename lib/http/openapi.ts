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
        summary: "Launch an audit { from, to (dates), horizonDays? (1 | 7), coverage? } of a submitted or audited version on a fresh data snapshot (oversight officers); answers { auditId, jobId }",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "202": { description: "Queued" }, "409": { description: "Version not auditable" }, "422": { description: "Invalid evaluation period" }, ...errorResponses },
      },
    },
    "/api/v1/audits/{id}": {
      get: { summary: "An audit's status, progress, verdict and immutable report (accuracy vs naive, bias by group, feedback loop, stability, displacement, policy criteria)", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "{ status, progress, report }" }, "404": { description: "Not found" }, ...errorResponses } },
    },
    "/api/v1/policy": {
      get: { summary: "The audit policy in force (thresholds: minPai, marginOverNaive, disparityBand, maxFalsePositiveDisparity, maxFeedbackRatio, autoSuspendOnBreach)", responses: { "200": { description: "{ id, policy }" }, ...errorResponses } },
      put: { summary: "Store a new policy version (admins); recorded on the ledger", responses: { "200": { description: "{ id, policy }" }, "422": { description: "Invalid threshold, named" }, ...errorResponses } },
    },
    "/api/v1/versions/{id}/suspend": {
      post: { summary: "Suspend an approved version at once { reason } (any oversight officer)", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "Suspended" }, "409": { description: "Not approved" }, ...errorResponses } },
    },
    "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
  },
} as const;
