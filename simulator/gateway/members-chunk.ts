import { GatewayDispatchEvents } from "discord-api-types/v10";
import { memberToApi } from "../world/serialize";
import type { World } from "../world/world";
import type { GatewaySession } from "./gateway-session";

/** Answers REQUEST_GUILD_MEMBERS (op 8) with one GUILD_MEMBERS_CHUNK per requested guild. */
export function membersChunk(world: World, session: GatewaySession, request: Record<string, unknown>): void {
  const guildIds = Array.isArray(request.guild_id) ? request.guild_id : [request.guild_id];
  const userIds = Array.isArray(request.user_ids)
    ? request.user_ids.filter((id): id is string => typeof id === "string")
    : typeof request.user_ids === "string"
      ? [request.user_ids]
      : null;
  const query = typeof request.query === "string" ? request.query.toLowerCase() : "";
  const limit = typeof request.limit === "number" && request.limit > 0 ? request.limit : Infinity;
  for (const guildId of guildIds) {
    if (typeof guildId !== "string") continue;
    const guild = world.guilds.get(guildId);
    if (!guild || !session.owns(guildId)) continue;
    const found = [...guild.members.values()]
      .filter((member) =>
        userIds ? userIds.includes(member.userId) : matchesQuery(world, member.userId, query),
      )
      .slice(0, limit);
    const chunk: Record<string, unknown> = {
      guild_id: guildId,
      members: found.map((member) => memberToApi(member, world.user(member.userId))),
      chunk_index: 0,
      chunk_count: 1,
    };
    if (request.nonce !== undefined) chunk.nonce = request.nonce;
    if (userIds) chunk.not_found = userIds.filter((id) => !guild.members.has(id));
    session.send(GatewayDispatchEvents.GuildMembersChunk, chunk);
  }
}

function matchesQuery(world: World, userId: string, query: string): boolean {
  return query === "" || world.user(userId).username.toLowerCase().startsWith(query);
}
