import { ApplicationCommandType, type APIApplicationCommand } from "discord-api-types/v10";
import { generateSnowflake } from "../core/snowflake";
import type { MenuInput } from "../types";
import { messageToApi } from "../world/serialize-message";
import type { World } from "../world/world";
import type { InteractionTarget } from "./base-payload";
import { ResolvedBuilder } from "./resolved-data";

/**
 * `data` of a user or message command (a context menu), as Discord sends it: the command's id and name,
 * `target_id`, and the target in `resolved` (the user and their member, or the message).
 */
export function menuData(
  world: World,
  target: InteractionTarget,
  input: MenuInput,
  definition: APIApplicationCommand | undefined,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: definition?.id ?? generateSnowflake(world.clock()),
    name: input.name,
    type: input.kind === "user" ? ApplicationCommandType.User : ApplicationCommandType.Message,
    target_id: input.targetId,
  };
  if (definition?.guild_id !== undefined) data.guild_id = definition.guild_id;
  if (input.kind === "user") {
    const resolved = new ResolvedBuilder(world, target.guild, target.user.id);
    if (!resolved.addUser(input.targetId)) throw new Error(`no user ${input.targetId} to open a menu on`);
    data.resolved = resolved.build();
  } else {
    const stored = world.messages.get(input.targetId);
    if (!stored || stored.ephemeralFor !== null)
      throw new Error(`no message ${input.targetId} to open a menu on`);
    data.resolved = { messages: { [input.targetId]: messageToApi(stored, world) } };
  }
  return data;
}

/** The channel a menu is used in: a message menu's is the message's own. */
export function menuChannel(world: World, input: MenuInput): string | undefined {
  if (input.kind === "user") return input.channelId;
  return world.messages.get(input.targetId)?.message.channelId ?? input.channelId;
}
