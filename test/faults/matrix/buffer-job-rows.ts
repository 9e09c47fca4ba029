import { ActivityBuffer } from "../../../src/controllers/activity-buffer";
import { eventually } from "../../support/eventually";
import type { FaultWorld } from "./fault-world";
import { OUTAGE_ON_ARRIVAL, statement, type JobRow } from "./job-types";
import { SETUP_REPLY_MS } from "./row-kit";

/** A buffered row the database refused is dropped and logged under its guild's id: settled for good. */
const droppedFor = (world: FaultWorld, guildId: string) =>
  world.logs.lines.some(
    (line) => line.msg === "the database refused a buffered row; it was dropped" && line.guildId === guildId,
  );

export const activityFlush: JobRow = {
  name: "activity flush",
  task: "activity-flush",
  perGuild: true,
  faults: [statement("activity.write", "refused"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world, where) {
    const member = where.member("chatty");
    const buffer = world.app.container.resolve(ActivityBuffer);
    return {
      async fallDue() {
        world.sim.postMessage({
          channelId: where.guild.firstTextChannel().id,
          userId: member.id,
          content: "hi",
        });
        await eventually(
          () => buffer.pending(where.guild.id, member.id) !== undefined,
          10_000,
          "the counted message",
        );
      },
      async state() {
        const rows = await world.sql<{ messages: number }>(
          "SELECT message_count::int AS messages FROM member_activity WHERE guild_id = $1 AND user_id = $2",
          [where.guild.id, member.id],
        );
        if (rows[0]?.messages === 1) return "done";
        if (rows.length > 0) return `counted ${rows[0]?.messages} messages`;
        if (droppedFor(world, where.guild.id)) return "refused";
        return buffer.pending(where.guild.id, member.id) ? "waiting" : "lost without a word";
      },
    };
  },
};

export const usageFlush: JobRow = {
  name: "usage flush",
  task: "usage-flush",
  perGuild: true,
  faults: [statement("usage.insert", "refused"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world, where) {
    const member = where.member("user");
    return {
      async fallDue() {
        await world.sim
          .command({ guildId: where.guild.id, userId: member.id, name: "ping" })
          .answer(SETUP_REPLY_MS);
      },
      async state() {
        const rows = await world.sql("SELECT 1 FROM usage_events WHERE guild_id = $1 AND user_id = $2", [
          where.guild.id,
          member.id,
        ]);
        if (rows.length === 1) return "done";
        if (rows.length > 1) return `${rows.length} usage rows for one interaction`;
        return droppedFor(world, where.guild.id) ? "refused" : "waiting";
      },
    };
  },
};
