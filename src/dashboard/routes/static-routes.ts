import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";

const PUBLIC = path.join(__dirname, "..", "public");
/** Chart.js's own UMD build, served from node_modules as published (no CDN, no bundling). */
const CHART_JS = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js");

const FILES: ReadonlyArray<{ url: string; file: string; type: string }> = [
  { url: "/static/dashboard.css", file: path.join(PUBLIC, "dashboard.css"), type: "text/css; charset=utf-8" },
  {
    url: "/static/stats-charts.js",
    file: path.join(PUBLIC, "stats-charts.js"),
    type: "text/javascript; charset=utf-8",
  },
  { url: "/static/chart.umd.min.js", file: CHART_JS, type: "text/javascript; charset=utf-8" },
];

/** The stylesheet and the scripts, read once; no other file is served. */
export function staticRoutes(app: FastifyInstance): void {
  for (const { url, file, type } of FILES) {
    const content = readFileSync(file);
    app.get(url, (_request, reply) =>
      reply.type(type).header("cache-control", "public, max-age=3600").send(content),
    );
  }
}
