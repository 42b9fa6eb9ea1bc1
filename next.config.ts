import type { NextConfig } from "next";
import { env } from "./lib/env";

// Validates the configuration at build and start: a bad value stops here, naming the variable.
const config = env();

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  // PGlite ships wasm and pg native bindings are optional: both must load from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2"],
  distDir: config.SIGHTLINE_BUILD_DIR,
  poweredByHeader: false,
  // Uploads of incident files go through a server action; the importer itself caps them at 64 MiB.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "64mb" } },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
