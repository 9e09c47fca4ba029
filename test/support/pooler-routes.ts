/**
 * The run's PgBouncer, when it has one (`TEST_DATABASE_POOLER=1`: globalSetup starts Debian's PgBouncer in
 * transaction mode in front of the test server). Test databases are then handed out through it, and every
 * Warden started on such a URL also gets DATABASE_DIRECT_URL, the same database on the server itself, for
 * what a pooled connection cannot carry. The admin connection (CREATE DATABASE, templates) stays direct.
 */
const POOLER_ENV = "WARDEN_TEST_POOLER_URL";

/** Whether this run asked for the pooler (read by globalSetup). */
export function poolerRequested(): boolean {
  return ["1", "true", "yes"].includes((process.env.TEST_DATABASE_POOLER ?? "").toLowerCase());
}

/** Tells the workers where the run's PgBouncer listens (globalSetup). */
export function announcePooler(pooledAdminUrl: string): void {
  process.env[POOLER_ENV] = pooledAdminUrl;
}

function pooler(): URL | undefined {
  const value = process.env[POOLER_ENV];
  return value ? new URL(value) : undefined;
}

/** Whether this run sends test databases through PgBouncer. */
export function throughPooler(): boolean {
  return pooler() !== undefined;
}

/** `directUrl` through the run's PgBouncer; itself when the run has none. */
export function pooledUrl(directUrl: string): string {
  const bouncer = pooler();
  if (!bouncer) return directUrl;
  const url = new URL(directUrl);
  url.hostname = bouncer.hostname;
  url.port = bouncer.port;
  return url.toString();
}

/** host:port of a forwarder in front of the pooler (a TcpProxy) → the direct path Warden takes with it. */
const forwardedRoutes = new Map<string, string>();

/** `forwarded` (a proxy in front of a pooled URL) pairs with `direct` (a proxy in front of its server). */
export function routeDirect(forwarded: string, direct: string): void {
  forwardedRoutes.set(new URL(forwarded).host, direct);
}

function isPooled(url: URL): boolean {
  const bouncer = pooler();
  if (bouncer === undefined) return false;
  return (url.hostname === bouncer.hostname && url.port === bouncer.port) || forwardedRoutes.has(url.host);
}

/** The same database on the server itself: for tests that need a session (LISTEN, backend pids). */
export function directUrlOf(url: string): string {
  const parsed = new URL(url);
  const server = forwardedRoutes.get(parsed.host) ?? process.env.WARDEN_TEST_ADMIN_URL;
  if (!isPooled(parsed) || !server) return url;
  const direct = new URL(server);
  parsed.hostname = direct.hostname;
  parsed.port = direct.port;
  return parsed.toString();
}

/** DATABASE_DIRECT_URL for a Warden whose DATABASE_URL goes through the run's PgBouncer; else nothing. */
export function directUrlEnv(databaseUrl: string | undefined): Record<string, string> {
  // A test may hand Warden a URL it cannot parse, to see it refused.
  if (!databaseUrl || !URL.canParse(databaseUrl) || !isPooled(new URL(databaseUrl))) return {};
  return { DATABASE_DIRECT_URL: directUrlOf(databaseUrl) };
}
