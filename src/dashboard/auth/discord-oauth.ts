import type { Config } from "../../config";

const DISCORD_API = "https://discord.com/api";
const TIMEOUT_MS = 10_000;
export const SCOPES = "identify guilds";

/** Discord did not answer the OAuth2 exchange as it should: the person is told to try again. */
export class OAuthFailure extends Error {
  constructor(what: string, status?: number) {
    super(`Discord OAuth2 ${what} failed${status === undefined ? "" : ` (HTTP ${status})`}`);
    this.name = "OAuthFailure";
  }
}

export interface DiscordIdentity {
  id: string;
  username: string;
}

/**
 * Discord's OAuth2 authorization-code flow for the dashboard. Everything lives where the bot's REST API
 * does (DISCORD_API_URL, e.g. the simulator): the token and user endpoints under it, the consent page at
 * its origin's `/oauth2/authorize`, as on discord.com. The access token is used for the sign-in only.
 */
export class DiscordOAuth {
  private readonly api: string;
  private readonly redirectUri: string;

  constructor(private readonly config: Config) {
    this.api = (config.DISCORD_API_URL ?? DISCORD_API).replace(/\/+$/, "");
    this.redirectUri = `${(config.DASHBOARD_PUBLIC_URL ?? "").replace(/\/+$/, "")}/auth/callback`;
  }

  authorizeUrl(state: string): string {
    const url = new URL("/oauth2/authorize", new URL(this.api).origin);
    url.search = new URLSearchParams({
      client_id: this.config.DISCORD_CLIENT_ID ?? "",
      redirect_uri: this.redirectUri,
      response_type: "code",
      scope: SCOPES,
      state,
      prompt: "none",
    }).toString();
    return url.toString();
  }

  /** Trades the code for an access token (once: Discord refuses a code used twice). */
  async exchange(code: string): Promise<string> {
    const response = await fetch(`${this.api}/v10/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: this.redirectUri,
        client_id: this.config.DISCORD_CLIENT_ID ?? "",
        client_secret: this.config.DISCORD_CLIENT_SECRET ?? "",
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new OAuthFailure("token exchange", response.status);
    const body = (await response.json()) as { access_token?: unknown };
    if (typeof body.access_token !== "string") throw new OAuthFailure("token exchange");
    return body.access_token;
  }

  async identity(accessToken: string): Promise<DiscordIdentity> {
    const body = await this.read<{ id?: unknown; username?: unknown }>("/users/@me", accessToken);
    if (typeof body.id !== "string" || !/^\d{17,20}$/.test(body.id)) throw new OAuthFailure("user read");
    return { id: body.id, username: typeof body.username === "string" ? body.username : body.id };
  }

  /** The ids of the guilds the user is in (Discord answers up to 200, which is every guild a user can be in). */
  async guildIds(accessToken: string): Promise<string[]> {
    const body = await this.read<Array<{ id?: unknown }>>("/users/@me/guilds", accessToken);
    if (!Array.isArray(body)) throw new OAuthFailure("guild list read");
    return body
      .map((guild) => guild.id)
      .filter((id): id is string => typeof id === "string" && /^\d{17,20}$/.test(id));
  }

  private async read<T>(path: string, accessToken: string): Promise<T> {
    const response = await fetch(`${this.api}/v10${path}`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new OAuthFailure(`${path} read`, response.status);
    return (await response.json()) as T;
  }
}
