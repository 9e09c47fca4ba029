import type { CommandInput, DiscordSimulator, SimMessage } from "../../../simulator";
import type { FuzzWorld } from "./fuzz-world";
import type { PressableMessage } from "./interaction-generator";

const SETUP_REPLY_MS = 15_000;

/**
 * Before the run: the owner makes `Helpers` a moderator role, a dozen members get a case and some points,
 * and `/cases list` and `/leaderboard` are run, so the run has real buttons (and real signed custom ids) to press.
 */
export async function setUpFuzzGuild(sim: DiscordSimulator, world: FuzzWorld): Promise<PressableMessage[]> {
  const { guild, invokers, targets, modRoleId } = world;
  const as = async (userId: string, input: Omit<CommandInput, "guildId" | "userId">, expected: RegExp) => {
    const reply = await sim.command({ guildId: guild.id, userId, ...input }).answer(SETUP_REPLY_MS);
    if (!expected.test(reply.content))
      throw new Error(`set-up: /${input.name} answered ${JSON.stringify(reply.content)}`);
    return reply;
  };
  const modrole = { name: "config", group: "modrole", subcommand: "add", options: { role: modRoleId } };
  await as(invokers.owner, modrole, /moderator role/i);
  for (const [index, target] of targets.slice(0, 12).entries()) {
    await as(
      invokers.moderator,
      { name: "note", options: { user: target, note: `set-up ${index}` } },
      /case #/,
    );
    const points = { user: target, amount: 100 + index, reason: "set-up" };
    await as(invokers.owner, { name: "economy", subcommand: "add", options: points }, /now have/);
  }
  const pressable: PressableMessage[] = [];
  for (const [userId, name] of [
    [invokers.moderator, { name: "cases", subcommand: "list" }],
    [invokers.none, { name: "leaderboard" }],
  ] as const) {
    const reply = await as(userId, name, /.*/);
    const customIds = customIdsOf(reply);
    if (customIds.length === 0) throw new Error(`set-up: /${name.name} answered without buttons`);
    pressable.push({ messageId: reply.id, channelId: reply.channelId, customIds });
  }
  return pressable;
}

function customIdsOf(message: SimMessage): string[] {
  const ids: string[] = [];
  const walk = (components: readonly unknown[]) => {
    for (const component of components) {
      if (typeof component !== "object" || component === null) continue;
      const record = component as { custom_id?: unknown; components?: unknown };
      if (typeof record.custom_id === "string") ids.push(record.custom_id);
      if (Array.isArray(record.components)) walk(record.components);
    }
  };
  walk(message.components);
  return ids;
}
