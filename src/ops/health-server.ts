import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger";

export interface HealthReport {
  ok: boolean;
  [part: string]: unknown;
}

export interface HealthSources {
  health(): Promise<HealthReport>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

/** The operators' HTTP listener: `/healthz` (200 or 503, JSON) and `/metrics` (Prometheus text). */
export class HealthServer {
  private server: Server | undefined;

  constructor(
    private readonly sources: HealthSources,
    private readonly logger: Logger,
  ) {}

  /** Listens on host:port (0 picks a free port) and returns the bound port. */
  async start(host: string, port: number): Promise<number> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger.warn({ err: error, url: request.url }, "health endpoint failed");
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end("internal error\n");
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    const bound = (server.address() as AddressInfo).port;
    this.logger.info({ host, port: bound }, "health and metrics listening");
    return bound;
  }

  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === "object" && address ? address.port : undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (path === "/healthz") {
      const report = await this.sources.health();
      response.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify(report));
    } else if (path === "/metrics") {
      const { contentType, body } = await this.sources.metrics();
      response.writeHead(200, { "content-type": contentType }).end(body);
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  }
}
