import fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import { storableJson } from "../database/postgres-text";
import type { Logger } from "../logger";
import { registerErrorPages } from "./error-pages";
import { homeRoutes } from "./routes/home-routes";
import { staticRoutes } from "./routes/static-routes";
import { registerSecurity, setSecurityHeaders, type SecurityKeys } from "./security-plugins";
import { readerTranslator, sendNotice } from "./views";

export interface DashboardParts {
  logger: Logger;
  keys: SecurityKeys;
  /** Reverse proxies in front (DASHBOARD_TRUST_PROXY): the client is that many X-Forwarded-For hops back. */
  trustedProxies: number;
  /** Runs the rest of each request (after its body is read) in a scope of its own, see DashboardSessionController. */
  requestScope?: (next: () => void) => void;
  /** Each page's routes, added after the security plugins. */
  routes: ReadonlyArray<(app: FastifyInstance) => void>;
}

/** The Fastify instance: security plugins, error pages, then the pages. */
export async function buildDashboardApp(parts: DashboardParts): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = parts.logger;
  const app = fastify({
    loggerInstance,
    disableRequestLogging: true,
    bodyLimit: 16 * 1024,
    return503OnClosing: true,
    // Hop 0 is the socket's own address (the nearest proxy); each trusted hop steps one entry back.
    trustProxy:
      parts.trustedProxies > 0 ? (_address: string, hop: number) => hop < parts.trustedProxies : false,
    // A URL Fastify cannot route (bad escape, overlong parameter): the same short page and headers as a 404.
    frameworkErrors: (error: FastifyError, request, reply) => {
      setSecurityHeaders(parts.keys.secure, request, reply);
      const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
      const notice = { heading: "dashboard.refused_title", body: "dashboard.not_found" } as const;
      // Sent here; the reply is thenable, and Fastify expects nothing back from this handler.
      void sendNotice(reply, readerTranslator(request), status, notice);
    },
  });
  const requestScope = parts.requestScope;
  if (requestScope) app.addHook("preValidation", (_request, _reply, done) => requestScope(() => done()));
  await registerSecurity(app, parts.keys);
  // Form fields and query strings made storable once, as the bot does with what Discord sends (text-input):
  // a NUL in a search or a reason would otherwise reach PostgreSQL, which refuses it.
  app.addHook("preValidation", async (request) => {
    request.query = storableJson(request.query);
    if (request.body !== undefined) request.body = storableJson(request.body);
  });
  registerErrorPages(app, parts.logger);
  staticRoutes(app);
  homeRoutes(app);
  for (const add of parts.routes) add(app);
  return app;
}
