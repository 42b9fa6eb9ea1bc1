import pg from "pg";

/**
 * What each app process may remember between requests, and when it must forget it. Triggers on
 * the tables behind each topic NOTIFY `sightline_changes` at commit (migration 0012); every process
 * listens and bumps the topic's generation, and a cached value is only used while the generation
 * it was read under is still current. While the process is not listening (starting, or its
 * listening connection lost) nothing is cached at all.
 *
 * In this process, the data-access functions that make such changes also call `noteChange` right
 * after their own commit, so a change is never missed here even before its notification arrives.
 */
export const CHANGE_TOPICS = ["identity", "forecasts", "areas"] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];
export const CHANGE_CHANNEL = "sightline_changes";

interface FeedState {
  /** Listening connections now open; caching is allowed only while at least one is. */
  listeners: number;
  generation: Record<ChangeTopic, number>;
}

// Next bundles route handlers separately; the feed, like the database handle, is one per process.
const GLOBAL_KEY = Symbol.for("sightline.change-feed");
type GlobalWithFeed = typeof globalThis & { [GLOBAL_KEY]?: FeedState };

function feed(): FeedState {
  const store = globalThis as GlobalWithFeed;
  store[GLOBAL_KEY] ??= { listeners: 0, generation: { identity: 0, forecasts: 0, areas: 0 } };
  return store[GLOBAL_KEY];
}

const isTopic = (value: string): value is ChangeTopic => (CHANGE_TOPICS as readonly string[]).includes(value);

/** Something behind `topic` changed (or, for an unknown payload, perhaps anything did). */
export function noteChange(topic: string): void {
  const { generation } = feed();
  for (const name of CHANGE_TOPICS) if (!isTopic(topic) || topic === name) generation[name] += 1;
}

/** The generation to stamp a value read now with, or null when nothing may be cached. */
export function changeStamp(topics: readonly ChangeTopic[]): string | null {
  const state = feed();
  if (state.listeners === 0) return null;
  return topics.map((topic) => state.generation[topic]).join(":");
}

function listening(open: boolean): void {
  const state = feed();
  state.listeners = Math.max(0, state.listeners + (open ? 1 : -1));
  // Whatever happened while nobody listened is unknown: forget everything.
  noteChange("*");
}

/** Marks the process as listening until the returned function is called (the embedded database). */
export function listeningUntilClosed(): () => void {
  listening(true);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    listening(false);
  };
}

/**
 * Listens on a dedicated PostgreSQL connection, reconnecting after a second when it is lost.
 * Returns the function that stops listening.
 */
export function listenOnPostgres(url: string): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let markClosed: (() => void) | null = null;

  const lost = (error?: Error) => {
    markClosed?.();
    markClosed = null;
    client = null;
    if (stopped) return;
    if (error) console.error(`[db] change feed connection lost (${error.message}); caches are off until it is back`);
    retry = setTimeout(connect, 1_000);
    retry.unref();
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000, keepAlive: true });
    next.on("notification", (message) => noteChange(message.payload ?? "*"));
    next.on("error", (error) => {
      void next.end().catch(() => {});
      if (client === next) lost(error);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      void next.end().catch(() => {});
      lost(error as Error);
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    markClosed = listeningUntilClosed();
    next.once("end", () => {
      if (client === next) lost(new Error("connection ended"));
    });
  }

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const open = client;
    markClosed?.();
    markClosed = null;
    client = null;
    await open?.end().catch(() => {});
  };
}

/**
 * A bounded map of values read from the database, each valid while the generations of `topics`
 * it was read under are current and for at most `ttlMs`.
 */
export class ChangeAwareCache<V> {
  private readonly entries = new Map<string, { value: V; stamp: string; at: number }>();

  constructor(
    private readonly topics: readonly ChangeTopic[],
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  /** The remembered value, or `load()`'s (remembered when `keep(value)` says so). */
  async get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    // Stamped before reading: a change committed while we read makes this value stale at once.
    const stamp = changeStamp(this.topics);
    const hit = this.entries.get(key);
    if (stamp !== null && hit && hit.stamp === stamp && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (stamp !== null && keep(value)) {
      this.entries.delete(key);
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, stamp, at: Date.now() });
    }
    return value;
  }
}
