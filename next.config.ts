import type { NextConfig } from "next";
import { env } from "./lib/env";
import { API_CONTENT_SECURITY_POLICY, staticSecurityHeaders } from "./lib/http/security-headers";

// Validates the configuration at build and start: a bad value stops here, naming the variable.
const config = env();

// Pages get their Content-Security-Policy with a per-request script nonce from proxy.ts.
const securityHeaders = staticSecurityHeaders(config.NODE_ENV === "production");

const nextConfig: NextConfig = {
  // PGlite ships wasm and pg native bindings are optional: both must load from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2"],
  distDir: config.SIGHTLINE_BUILD_DIR,
  poweredByHeader: false,
  // Uploads of incident files go through a server action; the importer itself caps them at 64 MiB.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "64mb" } },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
