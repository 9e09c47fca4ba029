import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { apiErrors, SimApiError } from "../core/api-error";
import type { FaultRule, RecordedRequest } from "../types";
import { authorizePage } from "../oauth/oauth-routes";
import type { OAuth2Store } from "../oauth/oauth-store";
import type { SimCdn } from "../world/cdn";
import type { World } from "../world/world";
import type { FaultInjector } from "./faults";
import { readRequestBody } from "./request-body";
import type { RequestLog } from "./request-log";
import type { RouteResult, Router, UploadedFile } from "./router";

const API_PREFIX = "/api/v10";

export interface RestServerOptions {
  token: string;
  router: Router;
  log: RequestLog;
  faults: FaultInjector;
  cdn: SimCdn;
  oauth: OAuth2Store;
  world: World;
  onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/** node:http front: logging, faults, bot-token auth, routing and Discord-shaped errors. */
export class RestServer {
  private readonly server: Server;

  constructor(private readonly options: RestServerOptions) {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 65_000;
    this.server.on("upgrade", options.onUpgrade);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = process.hrtime.bigint();
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path: decodePath(rawPath.startsWith(API_PREFIX) ? rawPath.slice(API_PREFIX.length) : rawPath),
      query: new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1)),
      body: undefined,
      headers: flattenHeaders(request),
      status: 0,
      at,
    };
    let result: RouteResult;
    let extraHeaders: Record<string, string> = {};
    try {
      const parsed = await readRequestBody(request);
      record.body = parsed.body;
      const fault = this.options.faults.take(record.method, record.path);
      if (fault?.status !== undefined) {
        if (fault.latencyMs) await sleep(fault.latencyMs);
        await fault.hold?.().catch(() => undefined);
        [result, extraHeaders] = faultResponse(fault);
      } else {
        // Latency alone models a slow answer: the request takes effect on arrival, the response is late.
        result = await this.route(record, rawPath, parsed.files).catch(errorResult);
        if (fault?.latencyMs) await sleep(fault.latencyMs);
        await fault?.hold?.().catch(() => undefined);
      }
    } catch (error) {
      result = errorResult(error);
    }
    record.status = result.status;
    this.options.log.record(record);
    send(response, result, extraHeaders);
  }

  private async route(record: RecordedRequest, rawPath: string, files: UploadedFile[]): Promise<RouteResult> {
    if (rawPath.startsWith("/attachments/") && record.method === "GET") {
      return { status: 200, raw: this.options.cdn.serve(record.path) };
    }
    if (rawPath === "/oauth2/authorize" && (record.method === "GET" || record.method === "POST")) {
      return authorizePage(record.method, record, this.options.oauth, this.options.world);
    }
    if (!rawPath.startsWith(`${API_PREFIX}/`)) throw apiErrors.notFound();
    const match = this.options.router.match(record.method, record.path);
    if (!match) throw apiErrors.notFound();
    const authorization = record.headers.authorization ?? "";
    const bearer =
      match.definition.auth === "user" && authorization.startsWith("Bearer ")
        ? this.options.oauth.userOf(authorization.slice("Bearer ".length))
        : undefined;
    const asBot = authorization === `Bot ${this.options.token}`;
    if (match.definition.auth !== false && !asBot && !bearer) throw apiErrors.unauthorized();
    const reasonHeader = record.headers["x-audit-log-reason"];
    return match.definition.handler({
      params: match.params,
      query: record.query,
      body: record.body,
      files,
      headers: record.headers,
      auditReason: reasonHeader === undefined ? null : decodePath(reasonHeader),
      ...(bearer ? { bearer } : {}),
    });
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function flattenHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function faultResponse(fault: FaultRule): [RouteResult, Record<string, string>] {
  const status = fault.status ?? 500;
  if (status === 429) {
    const retryAfter = fault.retryAfterSeconds ?? 1;
    const headers = {
      "retry-after": String(retryAfter),
      "x-ratelimit-limit": "1",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset-after": String(retryAfter),
      "x-ratelimit-scope": "user",
    };
    return [
      { status, body: { message: "You are being rate limited.", retry_after: retryAfter, global: false } },
      headers,
    ];
  }
  if (fault.code !== undefined && status >= 400 && status < 500) {
    return [{ status, body: { message: `Injected fault (code ${fault.code})`, code: fault.code } }, {}];
  }
  if (status === 403) return [errorResult(apiErrors.missingPermissions()), {}];
  if (status === 404) return [errorResult(apiErrors.notFound()), {}];
  return [{ status, body: { message: `${status}: Injected fault`, code: 0 } }, {}];
}

function errorResult(error: unknown): RouteResult {
  if (error instanceof SimApiError) return { status: error.status, body: error.toBody() };
  console.error("discord-simulator: a route handler failed", error);
  return { status: 500, body: { message: "500: Internal Server Error", code: 0 } };
}

function send(response: ServerResponse, result: RouteResult, faultHeaders: Record<string, string>): void {
  const headers = { ...result.headers, ...faultHeaders };
  if (result.raw) {
    const { bytes, contentType } = result.raw;
    response.writeHead(result.status, {
      ...headers,
      "content-type": contentType,
      "content-length": bytes.length,
    });
    response.end(bytes);
    return;
  }
  if (result.status === 204 || result.body === undefined) {
    response.writeHead(result.status, headers);
    response.end();
    return;
  }
  const json = JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}
