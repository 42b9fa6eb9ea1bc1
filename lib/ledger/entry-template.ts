import { canonicalJson, type JsonObject } from "./canonical-json";

/** The fields of an entry known before it has a place in the log. */
export interface EntryBody {
  recordedAt: string;
  kind: string;
  actor: string;
  subjects: JsonObject[];
  payloadHash: string;
}

/**
 * An entry's canonical JSON with holes for the three fields only the log knows at append time
 * (leafIndex, prevLeafHash, seq), so the database can fill them and hash the result under its
 * row lock in one statement. Canonical key order puts them between the body's fields:
 * actor, kind, leafIndex, payloadHash, prevLeafHash, recordedAt, seq, subjects.
 *
 * `fill(t, 4, "ab…", 5) === canonicalJson({ ...body, leafIndex: 4, prevLeafHash: "ab…", seq: 5 })`
 */
export interface EntryTemplate {
  beforeLeafIndex: string;
  beforePrevLeafHash: string;
  beforeSeq: string;
  after: string;
}

export function entryTemplate(body: EntryBody): EntryTemplate {
  const field = (name: keyof EntryBody) => `"${name}":${canonicalJson(body[name])}`;
  return {
    beforeLeafIndex: `{${field("actor")},${field("kind")},"leafIndex":`,
    beforePrevLeafHash: `,${field("payloadHash")},"prevLeafHash":`,
    beforeSeq: `,${field("recordedAt")},"seq":`,
    after: `,${field("subjects")}}`,
  };
}

export function fillEntryTemplate(template: EntryTemplate, leafIndex: number, prevLeafHash: string | null, seq: number): string {
  return `${template.beforeLeafIndex}${leafIndex}${template.beforePrevLeafHash}${prevLeafHash === null ? "null" : `"${prevLeafHash}"`}${template.beforeSeq}${seq}${template.after}`;
}
