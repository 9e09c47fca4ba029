import { randomBytes } from "node:crypto";
import type { Clock } from "../types";

const CODE_LIFETIME_MS = 10 * 60_000;
export const TOKEN_LIFETIME_S = 7 * 24 * 3600;

interface Grant {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  issuedAt: number;
}

export type Redeemed =
  { ok: true; accessToken: string; scope: string } | { ok: false; error: "invalid_client" | "invalid_grant" };

/**
 * Discord's OAuth2 authorization server, for one application: codes that can be redeemed once, within
 * ten minutes, by the client that asked for them with the same redirect URI; bearer tokens for the user.
 */
export class OAuth2Store {
  private readonly codes = new Map<string, Grant>();
  private readonly tokens = new Map<string, Grant>();
  /** Every code redemption tried, for tests: a code used twice shows up here as refused. */
  readonly redemptions: Array<{ code: string; ok: boolean }> = [];

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly clock: Clock,
  ) {}

  issueCode(grant: Omit<Grant, "issuedAt">): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { ...grant, issuedAt: this.clock() });
    return code;
  }

  redeem(input: { code: string; clientId: string; clientSecret: string; redirectUri: string }): Redeemed {
    if (input.clientId !== this.clientId || input.clientSecret !== this.clientSecret) {
      return { ok: false, error: "invalid_client" };
    }
    const grant = this.codes.get(input.code);
    this.codes.delete(input.code); // once only, whatever happens next
    const fresh = grant !== undefined && this.clock() - grant.issuedAt <= CODE_LIFETIME_MS;
    const ok = fresh && grant.redirectUri === input.redirectUri && grant.clientId === input.clientId;
    this.redemptions.push({ code: input.code, ok });
    if (!ok || !grant) return { ok: false, error: "invalid_grant" };
    const accessToken = randomBytes(24).toString("base64url");
    this.tokens.set(accessToken, { ...grant, issuedAt: this.clock() });
    return { ok: true, accessToken, scope: grant.scope };
  }

  /** The user a bearer token stands for, while it is valid. */
  userOf(accessToken: string): { userId: string; scope: string } | undefined {
    const grant = this.tokens.get(accessToken);
    if (!grant || this.clock() - grant.issuedAt > TOKEN_LIFETIME_S * 1000) return undefined;
    return { userId: grant.userId, scope: grant.scope };
  }
}
