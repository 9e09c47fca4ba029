import { AppealSettingsController } from "../../../src/controllers/appeal-settings-controller";
import { CaseController } from "../../../src/controllers/case-controller";
import { CaseType } from "../../../src/entities";
import { CODES } from "./discord-faults";
import type { FaultWorld } from "./fault-world";
import { discord, OUTAGES, statement, type JobRow } from "./job-types";

const PARKED = "the appeals channel is gone: the appeal waits for /appeals channel";

/** The retry job posting an appeal whose first post failed: once, or parked when its channel is gone. */
export const appealPosts: JobRow = {
  name: "appeal posts",
  task: "appeal posts",
  perGuild: true,
  faults: [
    discord("403", "waiting"),
    discord("404", "refused"),
    discord("429", "done"),
    discord("500", "waiting"),
    discord("timeout", "waiting"),
    statement("appeals.post", "waiting"),
    ...OUTAGES,
  ],
  async prepare(world, where) {
    const channel = where.guild.createChannel({ name: "appeals" });
    await world.app.container.resolve(AppealSettingsController).setChannel(where.guild.id, channel.id);
    const target = where.member("appeal-post-target");
    const ban = await world.app.container.resolve(CaseController).createCase({
      guildId: where.guild.id,
      type: CaseType.Ban,
      targetId: target.id,
      moderatorId: where.mod.id,
      reason: "matrix",
    });
    // Stored, its first post failed: held until it falls due, so the periodic run cannot take it early.
    const [appeal] = await world.sql<{ id: number }>(
      `INSERT INTO appeals (guild_id, ban_case_id, user_id, text, post_due_at, post_attempts)
       VALUES ($1, $2, $3, 'matrix', now() + interval '1 day', 1) RETURNING id`,
      [where.guild.id, ban.id, target.id],
    );
    const title = `Appeal #${String(appeal?.id)}`;
    return {
      route: {
        method: "POST",
        path: `/channels/${channel.id}/messages`,
        notFound: CODES.unknownChannel,
        gone: () => where.guild.deleteChannel(channel.id),
      },
      fallDue: () => appealPostsDue(world, [where.guild.id]),
      async state() {
        const [row] = await world.sql<{ message: string | null; due: Date | null }>(
          `SELECT message_id::text AS message, post_due_at AS due FROM appeals WHERE id = $1`,
          [appeal?.id],
        );
        const posts = channel.messages.filter((message) => message.embeds[0]?.title === title);
        if (posts.length > 1) return `posted ${String(posts.length)} times`;
        if (row?.message) return posts[0]?.id === row.message ? "done" : "recorded, not posted";
        if (row?.due) return "waiting";
        const parked = world.logs.find((line) => line.appealId === appeal?.id && line.msg === PARKED);
        return parked ? "refused" : "lost: not posted, not waiting, no log line";
      },
    };
  },
  due: appealPostsDue,
};

/** These guilds' appeals waiting to be posted are due now, as time passing would make them. */
async function appealPostsDue(world: FaultWorld, guildIds: readonly string[]): Promise<void> {
  await world.sql(
    `UPDATE appeals SET post_due_at = now() - interval '1 second'
      WHERE guild_id = ANY($1::bigint[]) AND post_due_at IS NOT NULL`,
    [guildIds],
  );
}
