import { guildFor } from "../../world/access";
import { ok, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** A guild's invites with their use counts (Discord requires Manage Server; not checked here). */
export function inviteRoutes(services: RouteServices): RouteDefinition[] {
  const { world } = services;
  return [
    {
      method: "GET",
      pattern: "/guilds/:guild/invites",
      handler: ({ params }) => {
        const guild = guildFor(world, params.guild ?? "");
        return ok(
          guild.invites.list().map((invite) => ({
            ...guild.invites.toApi(invite),
            guild: { id: guild.id, name: guild.name, icon: null, splash: null, features: [] },
            channel: {
              id: invite.channelId,
              name: guild.channels.get(invite.channelId)?.name ?? "",
              type: 0,
            },
          })),
        );
      },
    },
  ];
}
