import { freePort } from "../test/support/free-port";
import type { DiscordSimulator } from "../simulator";

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
