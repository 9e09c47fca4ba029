import { PermissionFlagsBits } from "discord-api-types/v10";
import type { CommandInput, DiscordSimulator, SimGuild } from "../../../simulator";

/** One interaction of the load, and what makes it recognisable in the database afterwards. */
export interface CrashAction {
  kind: "warn" | "give";
  index: number;
  /** Unique per action: the case's reason, or the ledger entries' reason. */
  reason: string;
  input: CommandInput;
}

/** A guild with a moderator, members to warn (one each) and members with points to give each other. */
export interface CrashWorld {
  guild: SimGuild;
  ownerId: string;
  moderatorId: string;
  targets: string[];
  givers: string[];
}

export const STARTING_POINTS = 1000;

export function buildCrashWorld(sim: DiscordSimulator, warns: number, givers: number): CrashWorld {
  const guild = sim.createGuild({ name: "Crash Guild" });
  const mods = guild.createRole({
    name: "Mods",
    position: 5,
    permissions: PermissionFlagsBits.ModerateMembers,
  });
  const moderator = sim.createUser({ username: "crash-mod" });
  guild.addMember(moderator.id, { roles: [mods.id] });
  const member = (username: string) => {
    const user = sim.createUser({ username });
    guild.addMember(user.id);
    return user.id;
  };
  return {
    guild,
    ownerId: guild.ownerId,
    moderatorId: moderator.id,
    targets: Array.from({ length: warns }, (_, index) => member(`warned${index}`)),
    givers: Array.from({ length: givers }, (_, index) => member(`giver${index}`)),
  };
}

/**
 * `warns` warnings (each of its own member, with its own reason: none repeats another) and `gives` transfers
 * between the givers (amounts small enough that nobody runs out), interleaved.
 */
export function crashLoad(world: CrashWorld, warns: number, gives: number): CrashAction[] {
  const actions: CrashAction[] = [];
  for (let index = 0; index < Math.max(warns, gives); index += 1) {
    const target = world.targets[index];
    if (index < warns && target) {
      const reason = `crash warn #${index}`;
      actions.push({
        kind: "warn",
        index,
        reason,
        input: {
          guildId: world.guild.id,
          userId: world.moderatorId,
          name: "warn",
          options: { user: target, reason },
        },
      });
    }
    if (index < gives) {
      const from = world.givers[index % world.givers.length] as string;
      const to = world.givers[(index * 7 + 3) % world.givers.length] as string;
      const reason = `crash give #${index}`;
      const giver = from === to ? (world.givers[(index + 1) % world.givers.length] as string) : from;
      actions.push({
        kind: "give",
        index,
        reason,
        input: {
          guildId: world.guild.id,
          userId: giver,
          name: "give",
          options: { user: to, amount: 1 + (index % 40), reason },
        },
      });
    }
  }
  return actions;
}

/** Every giver starts with STARTING_POINTS, given by the owner through /economy add. */
export async function fundGivers(sim: DiscordSimulator, world: CrashWorld): Promise<void> {
  for (const giver of world.givers) {
    const input: CommandInput = {
      guildId: world.guild.id,
      userId: world.ownerId,
      name: "economy",
      subcommand: "add",
      options: { user: giver, amount: STARTING_POINTS, reason: "starting points" },
    };
    const reply = await sim.command(input).answer(15_000);
    if (!/now have/.test(reply.content))
      throw new Error(`/economy add answered ${JSON.stringify(reply.content)}`);
  }
}
