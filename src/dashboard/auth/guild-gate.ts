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
 * A preHandler for `/guilds/:guildId/…`, after `signedIn`: the viewer must be a moderator of that guild
 * now (checked against Discord on this request), else 403 — the same page whatever the reason, so a
 * refusal tells nothing about a guild the viewer cannot see.
 */
export function moderatorOfGuild(access: ModeratorAccess) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const { guildId } = request.params as { guildId?: string };
    const userId = request.viewer?.session.userId;
    const granted =
      userId !== undefined && guildId !== undefined && SNOWFLAKE.test(guildId)
        ? await access.check(guildId, userId)
        : null;
    if (granted) {
      request.guildAccess = granted;
      return undefined;
    }
    const notice = { heading: "dashboard.refused_title", body: "dashboard.refused_not_moderator" } as const;
    return sendNotice(reply, readerTranslator(request), 403, notice, frameViewer(request, reply));
  };
}
