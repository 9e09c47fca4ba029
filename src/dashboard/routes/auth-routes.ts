import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { MessageId } from "../../i18n/resources";
import { signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { ROUTE_LIMITS } from "../security-plugins";
import { readerTranslator, sendNotice } from "../views";

interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
}

function failed(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  reason: MessageId,
): FastifyReply {
  const t = readerTranslator(request);
  return sendNotice(reply, t, status, {
    heading: "dashboard.refused_title",
    body: "dashboard.sign_in_failed",
    values: { reason: t.t(reason) },
  });
}

/**
 * Signing in with Discord (authorization code flow, `state` checked against the signed cookie of the
 * browser that started it), signing out, and signing out everywhere (every session of the person).
 */
export function authRoutes(deps: DashboardDeps) {
  const { cookies, oauth, sessions } = deps;
  return (app: FastifyInstance): void => {
    const limited = { config: { rateLimit: ROUTE_LIMITS.signIn } };
    app.get("/auth/sign-in", limited, (_request, reply) => {
      const state = randomBytes(32).toString("base64url");
      cookies.setState(reply, state);
      return reply.header("cache-control", "no-store").redirect(oauth.authorizeUrl(state));
    });

    app.get<{ Querystring: CallbackQuery }>("/auth/callback", limited, async (request, reply) => {
      const expected = cookies.takeState(request, reply);
      const { code, state, error } = request.query;
      if (!expected || typeof state !== "string" || state !== expected) {
        return failed(request, reply, 400, "dashboard.sign_in_failed_state");
      }
      if (error !== undefined || typeof code !== "string" || code === "") {
        return failed(request, reply, 403, "dashboard.sign_in_failed_denied");
      }
      let identity, guildIds;
      try {
        const accessToken = await oauth.exchange(code);
        [identity, guildIds] = await Promise.all([oauth.identity(accessToken), oauth.guildIds(accessToken)]);
      } catch (failure) {
        // Only Discord is asked in here: a refusal, a timeout, an answer that is not what it should be.
        request.log.warn({ err: failure }, "dashboard sign-in: Discord's OAuth2 exchange failed");
        return failed(request, reply, 502, "dashboard.sign_in_failed_discord");
      }
      const previous = cookies.sessionId(request);
      if (previous) {
        const old = await sessions.find(previous);
        if (old) await sessions.revoke(old.idHash);
      }
      const { sessionId } = await sessions.open({
        userId: identity.id,
        userName: identity.username,
        guildIds,
      });
      cookies.setSession(reply, sessionId);
      return reply.redirect("/guilds", 303);
    });

    const signedInWithForm = { preHandler: [signedIn(sessions, cookies), app.csrfProtection] };
    app.post("/auth/sign-out", signedInWithForm, async (request, reply) => {
      const session = request.viewer?.session;
      if (session) await sessions.revoke(session.idHash);
      cookies.clearSession(reply);
      return reply.redirect("/", 303);
    });
    app.post("/auth/sign-out-everywhere", signedInWithForm, async (request, reply) => {
      const session = request.viewer?.session;
      if (session) await sessions.revokeAllOf(session.userId);
      cookies.clearSession(reply);
      return reply.redirect("/", 303);
    });
  };
}
