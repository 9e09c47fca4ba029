import { createServer } from "node:net";
import type { DiscordSimulator } from "../simulator";

/** A port free on 127.0.0.1 now (the dashboard binds it next). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const isOn = (value: string | undefined): boolean =>
  ["1", "true", "yes", "on"].includes((value ?? "").trim().toLowerCase());

/**
 * With DASHBOARD_ENABLED, the settings that let the sandbox's members sign in to the dashboard through the
 * simulator's OAuth2 (its consent page lets you pick who you are), and the line that says where.
 */
export async function sandboxDashboard(
  env: NodeJS.ProcessEnv,
  sim: DiscordSimulator,
): Promise<{ env: Record<string, string>; line: string } | undefined> {
  if (!isOn(env.DASHBOARD_ENABLED)) return undefined;
  const asked = Number(env.DASHBOARD_PORT || "8080");
  const port = Number.isInteger(asked) && asked > 0 ? asked : await freePort();
  const origin = `http://127.0.0.1:${port}`;
  return {
    env: {
      DASHBOARD_PORT: String(port),
      DASHBOARD_HOST: "127.0.0.1",
      DASHBOARD_PUBLIC_URL: origin,
      DISCORD_CLIENT_ID: sim.oauth2.clientId,
      DISCORD_CLIENT_SECRET: sim.oauth2.clientSecret,
    },
    line: `dashboard: open ${origin}/auth/sign-in and pick who you are on the simulator's consent page (mod is a moderator)`,
  };
}
