import fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "../logger";
import { registerErrorPages } from "./error-pages";
import { homeRoutes } from "./routes/home-routes";
import { staticRoutes } from "./routes/static-routes";
import { registerSecurity, type SecurityKeys } from "./security-plugins";

export interface DashboardParts {
  logger: Logger;
  keys: SecurityKeys;
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
  });
  await registerSecurity(app, parts.keys);
  registerErrorPages(app, parts.logger);
  staticRoutes(app);
  homeRoutes(app);
  for (const add of parts.routes) add(app);
  return app;
}
