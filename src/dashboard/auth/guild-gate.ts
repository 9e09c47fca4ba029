import type { FastifyReply, FastifyRequest } from "fastify";
import { readerTranslator, sendNotice } from "../views";
import { frameViewer } from "./viewer";
import type { GuildAccess, ModeratorAccess } from "./moderator-access";

const SNOWFLAKE = /^\d{17,20}$/;

declare module "fastify" {
  interface FastifyRequest {
    guildAccess?: GuildAccess;
  }
}

/**
 * A preHandler for `/guilds/:guildId/…`, after `signedIn`: the viewer must have been in that guild at
 * sign-in and be a moderator of it now (checked against Discord on this request), else 403 — the same page
 * whatever the reason, so a refusal tells nothing about a guild the viewer cannot see. Discord is only asked
 * about the viewer's own guilds: anyone can sign in, and an arbitrary id would spend the bot's rate limits;
 * and at most DISCORD_CHECKS_LIMIT times a minute per person (429 beyond).
 */
export function moderatorOfGuild(access: ModeratorAccess) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const { guildId } = request.params as { guildId?: string };
    const session = request.viewer?.session;
    const known =
      session !== undefined &&
      guildId !== undefined &&
      SNOWFLAKE.test(guildId) &&
      session.guildIds.includes(guildId);
    if (known) {
      const refused = await spendDiscordChecks(request, reply, 1);
      if (refused) return refused;
    }
    const granted = known ? await access.check(guildId, session.userId) : null;
    if (granted) {
      request.guildAccess = granted;
      return undefined;
    }
    const notice = { heading: "dashboard.refused_title", body: "dashboard.refused_not_moderator" } as const;
    return sendNotice(reply, readerTranslator(request), 403, notice, frameViewer(request, reply));
  };
}

/**
 * Counts `count` moderator checks against Discord for the request's person (DISCORD_CHECKS_LIMIT); when
 * that is more than they have left, answers a short 429 page with Retry-After and returns it.
 */
export async function spendDiscordChecks(
  request: FastifyRequest,
  reply: FastifyReply,
  count: number,
): Promise<FastifyReply | undefined> {
  for (let spent = 0; spent < count; spent += 1) {
    const budget = await request.server.discordCheckBudget(request);
    if (budget.allowed) continue;
    void reply.header("retry-after", String(budget.retryAfterSeconds));
    const notice = { heading: "dashboard.refused_title", body: "dashboard.rate_limited" } as const;
    return sendNotice(reply, readerTranslator(request), 429, notice, frameViewer(request, reply));
  }
  return undefined;
}

/**
 * A preHandler after `moderatorOfGuild`: the guild's settings are for its owner and Administrators only
 * (the rule `/config modrole` applies), checked on this request like the moderator check.
 */
export function administratorOfGuild() {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (request.guildAccess?.administrator) return undefined;
    const notice = { heading: "dashboard.refused_title", body: "dashboard.refused_not_admin" } as const;
    return sendNotice(reply, readerTranslator(request), 403, notice, frameViewer(request, reply));
  };
}
