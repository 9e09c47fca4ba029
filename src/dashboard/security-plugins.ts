import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import helmetHeaders, { type HelmetOptions } from "helmet";

export interface SecurityKeys {
  /** Signs the dashboard's own cookies (the sign-in state, the CSRF secret). */
  cookieKey: Buffer;
  /** Binds CSRF tokens to the session they were made for. */
  csrfKey: Buffer;
  /** Cookies only over HTTPS (when the dashboard's public URL is https). */
  secure: boolean;
  /** What a CSRF token is bound to: the session behind the request ("" when signed out). */
  csrfBinding: (request: FastifyRequest) => string;
}

/** A CSP that allows no inline script and no framing, and helmet's other headers. */
function helmetOptions(secure: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: secure,
    referrerPolicy: { policy: "same-origin" },
  };
}

/**
 * The same headers on an answer Fastify gives before any hook runs (a URL it cannot decode, a path
 * parameter too long), where the helmet plugin never sees the request.
 */
export function setSecurityHeaders(secure: boolean, request: FastifyRequest, reply: FastifyReply): void {
  helmetHeaders(helmetOptions(secure))(request.raw, reply.raw, () => undefined);
}

/**
 * Headers (a CSP that allows no inline script and no framing), cookies, form bodies, CSRF and rate limits:
 * the maintained Fastify plugins, configured once here.
 */
export async function registerSecurity(app: FastifyInstance, keys: SecurityKeys): Promise<void> {
  await app.register(helmet, helmetOptions(keys.secure));
  await app.register(cookie, { secret: keys.cookieKey });
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  await app.register(csrf, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: "warden_csrf",
    cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, secure: keys.secure, signed: true },
    getUserInfo: keys.csrfBinding,
    csrfOpts: { hmacKey: keys.csrfKey.toString("base64url"), userInfo: true },
  });
  // Limits apply to the routes that ask for one (sign-in, search): see ROUTE_LIMITS.
  await app.register(rateLimit, { global: false });
  const discordChecks = app.createRateLimit({
    ...DISCORD_CHECKS_LIMIT,
    keyGenerator: (request) => `discord-check:${request.viewer?.session.userId ?? request.ip}`,
  });
  app.decorate("discordCheckBudget", async (request: FastifyRequest) => {
    const budget = await discordChecks(request);
    // `isAllowed` only says whether an allow list exempted the request; the count decides.
    if (budget.isAllowed || !budget.isExceeded) return { allowed: true };
    return { allowed: false, retryAfterSeconds: budget.ttlInSeconds };
  });
}

/** Per client address, per minute. */
export const ROUTE_LIMITS = {
  signIn: { max: 20, timeWindow: 60_000 },
  search: { max: 60, timeWindow: 60_000 },
} as const;

/**
 * Per signed-in person (all their sessions), per minute: every guild page asks Discord about the viewer,
 * and the bot's REST budget is shared with its moderation work, so one person's reloads must not spend it.
 */
export const DISCORD_CHECKS_LIMIT = { max: 240, timeWindow: 60_000 } as const;

export type DiscordCheckBudget = { allowed: true } | { allowed: false; retryAfterSeconds: number };

declare module "fastify" {
  interface FastifyInstance {
    /** Counts one moderator check against Discord for the request's person; whether it may go ahead. */
    discordCheckBudget(request: FastifyRequest): Promise<DiscordCheckBudget>;
  }
}
