import { apiErrors } from "../../core/api-error";
import { checkAuditReason, guildFor } from "../../world/access";
import type { MemberChanges } from "../../world/moderation";
import { memberToApi } from "../../world/serialize";
import { asRecord, nullableString, optionalStringArray, queryInt } from "../fields";
import { noContent, ok, type RouteContext, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** Guild members: list, fetch, edit (nick, roles, timeout), kick, add/remove one role. */
export function memberRoutes(services: RouteServices): RouteDefinition[] {
  const { world, moderation } = services;
  const botId = world.botUser.id;
  const guildOf = (context: RouteContext) => guildFor(world, context.params.guild ?? "");
  const reasonOf = (context: RouteContext) => {
    checkAuditReason(context.auditReason);
    return context.auditReason;
  };
  const memberView = (guildId: string, userId: string) => {
    const member = world.guild(guildId).members.get(userId);
    if (!member) throw apiErrors.unknownMember();
    return memberToApi(member, world.user(userId));
  };

  return [
    {
      method: "GET",
      pattern: "/guilds/:guild/members",
      handler: (context) => {
        const guild = guildOf(context);
        const limit = queryInt(context.query, "limit", 1, 1, 1000);
        const after = BigInt(context.query.get("after") ?? "0");
        const members = [...guild.members.values()]
          .filter((member) => BigInt(member.userId) > after)
          .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
          .slice(0, limit);
        return ok(members.map((member) => memberToApi(member, world.user(member.userId))));
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guild/members/:user",
      handler: (context) => {
        const guild = guildOf(context);
        const userId = context.params.user ?? "";
        if (!world.users.has(userId)) throw apiErrors.unknownUser();
        return ok(memberView(guild.id, userId));
      },
    },
    {
      method: "PATCH",
      pattern: "/guilds/:guild/members/:user",
      handler: (context) => {
        const guild = guildOf(context);
        const body = asRecord(context.body);
        const changes: MemberChanges = {};
        const nick = nullableString(body, "nick");
        if (nick !== undefined) changes.nick = nick === "" ? null : nick;
        const roles = optionalStringArray(body, "roles");
        if (roles !== undefined) changes.roles = roles;
        const until = nullableString(body, "communication_disabled_until");
        if (until !== undefined)
          changes.communicationDisabledUntil = until === null ? null : new Date(until).toISOString();
        const userId = context.params.user === "@me" ? botId : (context.params.user ?? "");
        moderation.updateMember(guild, botId, userId, changes, reasonOf(context));
        return ok(memberView(guild.id, userId));
      },
    },
    {
      method: "DELETE",
      pattern: "/guilds/:guild/members/:user",
      handler: (context) => {
        moderation.kick(guildOf(context), botId, context.params.user ?? "", reasonOf(context));
        return noContent();
      },
    },
    ...(["PUT", "DELETE"] as const).map((method): RouteDefinition => ({
      method,
      pattern: "/guilds/:guild/members/:user/roles/:role",
      handler: (context) => {
        const { user, role } = context.params;
        moderation.setRole(
          guildOf(context),
          botId,
          user ?? "",
          role ?? "",
          method === "PUT",
          reasonOf(context),
        );
        return noContent();
      },
    })),
  ];
}
