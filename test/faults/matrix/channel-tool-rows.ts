import type { SimChannel } from "../../../simulator";
import { CODES, type DiscordRoute } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { openMessageForm } from "./menu-form";
import { compareSettled } from "./row-kit";
import {
  APPLIED,
  UNTOUCHED,
  type ActionRow,
  type DiscordStepName,
  type RunContext,
  type StatementCombo,
} from "./rows";

const PURGED = 5;

function modLogRoute(where: WorldGuild): DiscordRoute {
  return {
    method: "POST",
    path: `/channels/${where.modLog.id}/messages`,
    notFound: CODES.unknownChannel,
    forbidden: CODES.missingAccess,
  };
}

function purgeRoutes(where: WorldGuild, channelId: string): Partial<Record<DiscordStepName, DiscordRoute>> {
  const route = (method: string, path: string): DiscordRoute => ({
    method,
    path: `/channels/${channelId}/messages${path}`,
    notFound: CODES.unknownChannel,
    forbidden: CODES.missingAccess,
  });
  return { lookup: route("GET", ""), act: route("POST", "/bulk-delete"), modlog: modLogRoute(where) };
}

/** Five messages by a member in `channel`, the newest a second ago. */
function seedMessages(world: FaultWorld, where: WorldGuild, channel: SimChannel): Set<string> {
  const author = where.member("chatty");
  const at = Date.now() - PURGED * 1000;
  const seeded = world.sim.seedHistory(
    channel.id,
    Array.from({ length: PURGED }, (_, i) => ({
      authorId: author.id,
      at: at + i * 1000,
      content: `spam ${i}`,
    })),
  );
  return new Set(seeded.map((message) => message.id));
}

/**
 * A purge writes no record: its answer is what it must get right. It says how many it deleted (all five,
 * or none when stopped before the bulk delete), Discord agrees, and the mod log has one Purge entry at most.
 */
function purgeState(where: WorldGuild, channel: SimChannel, seeded: ReadonlySet<string>) {
  return (reply: string): Promise<string> => {
    const left = channel.messages.filter((message) => seeded.has(message.id)).length;
    const said = /^Deleted (\d+) messages?/.exec(reply)?.[1];
    const entries = where.modLog.messages.filter((message) => message.embeds[0]?.title === "Purge").length;
    if (entries > 1) return Promise.resolve(`${entries} Purge entries in the mod log`);
    if (said !== undefined && Number(said) !== PURGED - left)
      return Promise.resolve(`the answer says ${said} deleted, Discord shows ${PURGED - left}`);
    if (left === 0) return Promise.resolve(APPLIED);
    if (left === PURGED) return Promise.resolve(UNTOUCHED);
    return Promise.resolve(`half done: ${left} of ${PURGED} left`);
  };
}

// Purge writes nothing but, when the mod log refuses, the problem for /config show.
const PURGE_STATEMENTS: readonly StatementCombo[] = [
  { step: "configs.write", after: { step: "modlog", fault: "403" } },
];

const purge: ActionRow = {
  name: "purge",
  covers: ["purge"],
  discordSteps: ["lookup", "act", "modlog"],
  statementSteps: PURGE_STATEMENTS,
  done: /^Deleted 5 messages in <#\d+>\.$/,
  async prepare({ world, where }) {
    const channel = where.guild.createChannel({ name: "spammed" });
    const seeded = seedMessages(world, where, channel);
    return {
      input: {
        userId: where.guild.ownerId,
        name: "purge",
        options: { count: PURGED, channel: channel.id },
      },
      routes: purgeRoutes(where, channel.id),
      state: purgeState(where, channel, seeded),
    };
  },
};

/** "Purge after this" on a message of a fresh channel, five messages after it, by the owner. */
const menuPurge: ActionRow = {
  name: "menu purge",
  covers: ["modal:menu-purge"],
  discordSteps: ["lookup", "act", "modlog"],
  statementSteps: PURGE_STATEMENTS,
  done: /^Deleted 5 messages in <#\d+>\.$/,
  async prepare(context: RunContext) {
    const { world, where } = context;
    const channel = where.guild.createChannel({ name: "spammed" });
    const [first] = world.sim.seedHistory(channel.id, [
      { authorId: where.mod.id, at: Date.now() - 10_000, content: "before the wave" },
    ]);
    if (!first) throw new Error("no message seeded");
    const seeded = seedMessages(world, where, channel);
    const form = await openMessageForm(
      context,
      "Purge after this",
      { count: "10" },
      {
        userId: where.guild.ownerId,
        messageId: first.id,
      },
    );
    return {
      input: form,
      routes: purgeRoutes(where, channel.id),
      state: purgeState(where, channel, seeded),
    };
  },
};

/** `/slowmode 10 duration:1h`: Discord's slowmode and the restore row agree (both set, or neither). */
const slowmode: ActionRow = {
  name: "slowmode",
  covers: ["slowmode"],
  discordSteps: ["act"],
  statementSteps: [
    "restores.insert",
    // Discord refused, and the restore row written ahead cannot be taken back.
    { step: "restores.delete", after: { step: "act", fault: "403" } },
  ],
  done: /^Slowmode in <#\d+> is now 10s\. In 1h it goes back to off\.$/,
  async prepare({ world, where }) {
    const channel = where.guild.createChannel({ name: "busy" });
    const read = async () => ({
      seconds: channel.rateLimitPerUser ?? 0,
      rows: (
        await world.sql(
          "SELECT 1 FROM channel_restores WHERE guild_id = $1 AND channel_id = $2 AND kind = 'slowmode'",
          [where.guild.id, channel.id],
        )
      ).length,
    });
    return {
      input: {
        userId: where.guild.ownerId,
        name: "slowmode",
        options: { delay: "10", duration: "1h", channel: channel.id },
      },
      routes: { act: { method: "PATCH", path: `/channels/${channel.id}`, notFound: CODES.unknownChannel } },
      state: compareSettled(read, { seconds: 10, rows: 1 }, { seconds: 0, rows: 0 }),
    };
  },
};

/** /purge, "Purge after this" and /slowmode on a fresh channel of the row's guild. */
export const CHANNEL_TOOL_ROWS: readonly ActionRow[] = [purge, menuPurge, slowmode];
