import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";

/** The one stylesheet, read once; no other file is served. */
export function staticRoutes(app: FastifyInstance): void {
  const css = readFileSync(path.join(__dirname, "..", "public", "dashboard.css"));
  app.get("/static/dashboard.css", (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(css),
  );
}
