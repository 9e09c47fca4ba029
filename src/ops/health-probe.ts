import { loadConfig } from "../config";
import { ConfigError } from "../errors/operator-errors";

/** Where a local probe reaches a listener bound to `host`: a wildcard address is reached on loopback. */
export function probeHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

/**
 * The container's health probe (`HEALTHCHECK` in the Dockerfile, Compose's `healthcheck`): asks this
 * process's own `/healthz` on HEALTH_HOST:HEALTH_PORT and exits 0 when it answers 200, else 1 with one line.
 */
export async function probe(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ ok: boolean; line: string }> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, line: error.message };
    throw error;
  }
  if (!config.HEALTH_ENABLED) return { ok: false, line: "HEALTH_ENABLED is off: nothing to probe" };
  if (config.HEALTH_PORT === 0)
    return { ok: false, line: "HEALTH_PORT is 0 (a free port): set a fixed port to probe" };
  const host = probeHost(config.HEALTH_HOST);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${config.HEALTH_PORT}/healthz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { ok: response.ok, line: `${url}: ${response.status} ${body.slice(0, 500)}` };
  } catch (error) {
    return { ok: false, line: `${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
