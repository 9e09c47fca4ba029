import type { CookieSerializeOptions } from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { SESSION_LIFETIME_MS } from "../../controllers/dashboard-session-controller";

export const SESSION_COOKIE = "warden_session";
/** The sign-in's `state`, signed, for the ten minutes a sign-in may take. */
export const STATE_COOKIE = "warden_oauth_state";
const STATE_LIFETIME_S = 600;

/** Cookie options: HttpOnly, SameSite=Lax, Secure when the dashboard is served over HTTPS. */
export class DashboardCookies {
  constructor(private readonly secure: boolean) {}

  private base(): CookieSerializeOptions {
    return { httpOnly: true, sameSite: "lax", secure: this.secure, path: "/" };
  }

  setSession(reply: FastifyReply, sessionId: string): void {
    reply.setCookie(SESSION_COOKIE, sessionId, { ...this.base(), maxAge: SESSION_LIFETIME_MS / 1000 });
  }

  clearSession(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, this.base());
  }

  sessionId(request: FastifyRequest): string | undefined {
    const value = request.cookies[SESSION_COOKIE];
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }

  /** Signed with the time it was issued, so that an old one is refused whatever the browser kept. */
  setState(reply: FastifyReply, state: string): void {
    const value = `${state}.${Date.now()}`;
    reply.setCookie(STATE_COOKIE, value, {
      ...this.base(),
      path: "/auth",
      signed: true,
      maxAge: STATE_LIFETIME_S,
    });
  }

  /** The state this browser started its sign-in with (signature and age checked), taken: it works once. */
  takeState(request: FastifyRequest, reply: FastifyReply): string | undefined {
    const raw = request.cookies[STATE_COOKIE];
    reply.clearCookie(STATE_COOKIE, { ...this.base(), path: "/auth" });
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return undefined;
    const [state, issuedAt] = unsigned.value.split(".");
    const age = Date.now() - Number(issuedAt);
    return state && age >= 0 && age <= STATE_LIFETIME_S * 1000 ? state : undefined;
  }
}
