import { CaseType } from "../../../src/entities";
import type { SimUser } from "../../../simulator";
import { CODES, type DiscordRoute } from "./discord-faults";
import type { WorldGuild } from "./fault-world";
import type { DiscordStepName, RunContext } from "./rows";

const banRoute = (where: WorldGuild, target: SimUser, method: string): DiscordRoute => ({
  method,
  path: `/guilds/${where.guild.id}/bans/${target.id}`,
  notFound: method === "PUT" ? CODES.unknownUser : CODES.unknownBan,
});
const memberRoute = (where: WorldGuild, target: SimUser, method: string): DiscordRoute => ({
  method,
  path: `/guilds/${where.guild.id}/members/${target.id}`,
  notFound: CODES.unknownMember,
});

/** The requests of one moderation action on `target`, by step. */
export function routesFor(
  { world, where }: RunContext,
  type: CaseType,
  target: SimUser,
): Partial<Record<DiscordStepName, DiscordRoute>> {
  const act: Partial<Record<CaseType, DiscordRoute>> = {
    [CaseType.Timeout]: memberRoute(where, target, "PATCH"),
    [CaseType.Untimeout]: memberRoute(where, target, "PATCH"),
    [CaseType.Kick]: memberRoute(where, target, "DELETE"),
    [CaseType.Ban]: banRoute(where, target, "PUT"),
    [CaseType.Softban]: banRoute(where, target, "PUT"),
    [CaseType.Unban]: banRoute(where, target, "DELETE"),
    [CaseType.Restrict]: memberRoute(where, target, "PATCH"),
    [CaseType.Unrestrict]: memberRoute(where, target, "PATCH"),
  };
  return {
    dm: {
      method: "POST",
      path: `/channels/${world.sim.dmChannelWith(target.id).id}/messages`,
      notFound: CODES.unknownChannel,
      forbidden: CODES.cannotMessageUser,
    },
    lookup: banRoute(where, target, "GET"),
    ...(act[type] ? { act: act[type] } : {}),
    unban: banRoute(where, target, "DELETE"),
    modlog: {
      method: "POST",
      path: `/channels/${where.modLog.id}/messages`,
      notFound: CODES.unknownChannel,
      forbidden: CODES.missingAccess,
    },
  };
}
