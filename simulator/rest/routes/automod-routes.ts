import { PermissionFlagsBits } from "discord-api-types/v10";
import { SimApiError } from "../../core/api-error";
import { guildFor, requirePermission } from "../../world/access";
import { ok, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** AutoMod rules: fetch one (Manage Server), as a bot does to name the rule an action came from. */
export function autoModRoutes(services: RouteServices): RouteDefinition[] {
  const { world } = services;
  return [
    {
      method: "GET",
      pattern: "/guilds/:guild/auto-moderation/rules/:rule",
      handler: (context) => {
        const guild = guildFor(world, context.params.guild ?? "");
        requirePermission(guild, world.botUser.id, PermissionFlagsBits.ManageGuild);
        const rule = world.automod.ruleOf(guild, context.params.rule ?? "");
        if (!rule) throw new SimApiError(404, 10066, "Unknown auto moderation rule");
        return ok(world.automod.ruleToApi(rule));
      },
    },
  ];
}
