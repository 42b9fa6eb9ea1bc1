/**
 * Shared by the drills and load benchmarks: a demo database prepared in this process, the
 * production server started on it as `npm start` would (in its own process group), a closed-loop
 * load generator and latency percentiles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { closeDatabase, getDb } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { seedDemoObjections } from "@/db/queries/objections-demo";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { createApiToken } from "@/db/queries/tokens";
import { freePort } from "../free-port";
import type { Role } from "@/lib/auth/permissions";

export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const EMAILS: Record<Role, string> = { admin: "admin@demo.test", model_developer: "developer@demo.test", oversight_officer: "oversight1@demo.test", police_staff: "police@demo.test", citizen: "citizen@demo.test" };

/**
 * Seeds a demo city (smaller than `npm start`'s unless `districts` says otherwise) with its approved
 * version, today's forecasts and the demo objections, and gives each role an API token.
 */
export async function prepareDemo(options: { districts?: number; incidents?: number } = {}): Promise<Record<Role, string>> {
  const now = new Date();
  const city = options.districts ? { districts: options.districts, targetIncidents: options.incidents ?? 8_000 } : undefined;
  await seedDemo(await getDb(), { seed: 20_261_128, now, ...(city ? { city } : {}) });
  await seedDemoModel(now);
  await seedDemoObjections(now);
  const tokens = {} as Record<Role, string>;
  for (const [role, email] of Object.entries(EMAILS) as [Role, string][]) {
    const identity = await findLiveIdentity((await findLoginCandidate(email))!.id);
    tokens[role] = (await createApiToken(identity!.actor, "drill")).token;
  }
  await closeDatabase();
  return tokens;
}

export interface AppServer {
  process: ChildProcess;
  port: number;
  url: string;
  /** Signals the start script only (it passes SIGTERM/SIGINT on to Next's server), or with `group` every process it started. */
  signal(signal: NodeJS.Signals, group?: boolean): void;
  /** Whether any process of the server's group is still running. */
  alive(): boolean;
  exited: Promise<number | null>;
}

/**
 * What `npm start` runs, on the prepared database, in production mode, waiting until /api/health
 * answers; behind one trusted proxy, which the drills and benchmarks stand in for by sending
 * X-Forwarded-For (a spread of client addresses, so per-address limits bite as they would live).
 */
export async function startServer(env: Record<string, string | undefined> = {}, log = false): Promise<AppServer> {
  const port = await freePort();
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(process.execPath, [tsx, "--conditions=react-server", "scripts/start.ts"], { env: { ...process.env, SIGHTLINE_TRUSTED_PROXIES: "1", ...env, PORT: String(port), NODE_ENV: "production" }, stdio: ["ignore", log ? "inherit" : "pipe", "inherit"], detached: true });
  child.stdout?.on("data", () => {});
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const server: AppServer = { process: child, port, url: `http://127.0.0.1:${port}`, exited, alive, signal: (signal, group = false) => process.kill(group ? -child.pid! : child.pid!, signal) };
  for (let i = 0; i < 2400; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (await fetch(`${server.url}/api/health`).then((r) => r.ok).catch(() => false)) return server;
    await sleep(250);
  }
  throw new Error("the server did not come up within 10 minutes");
}

export async function stopServer(server: AppServer): Promise<void> {
  if (server.process.exitCode === null && server.process.signalCode === null) {
    server.signal("SIGTERM");
    await server.exited;
  }
  // Next's server closes the database on SIGTERM; wait until the whole group has gone.
  for (let i = 0; i < 100 && server.alive(); i++) await sleep(100);
}

export interface Sample {
  ms: number;
  status: number;
  label: string;
}

/** Closed-loop load: `connections` workers each sending `next()`'s request back to back until the deadline. */
export async function closedLoop(connections: number, seconds: number, next: (worker: number) => Promise<{ status: number; label: string }>): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        let result: { status: number; label: string };
        try {
          result = await next(worker);
        } catch {
          result = { status: 0, label: "network" };
        }
        samples.push({ ms: performance.now() - t0, ...result });
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}
