import { CaseController } from "../../../src/controllers/case-controller";
import { CaseType } from "../../../src/entities";
import { CODES } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { discord, OUTAGE_ON_ARRIVAL, OUTAGES, statement, type JobRow } from "./job-types";

/** Background retries and leases of these guilds' cases are due now. */
async function casesDue(world: FaultWorld, guildIds: readonly string[]): Promise<void> {
  await world.sql(
    `UPDATE cases SET next_attempt_at = now(), claimed_until = now() - interval '1 second'
      WHERE guild_id = ANY($1::bigint[]) AND (claim_token IS NOT NULL OR next_attempt_at IS NOT NULL)`,
    [guildIds],
  );
}

const banned = (where: WorldGuild, userId: string) => {
  where.guild.removeMember(userId);
  where.guild.bans.set(userId, { userId, reason: "matrix" });
};

export const tempbanExpiry: JobRow = {
  name: "tempban expiry",
  task: "tempban expiries",
  perGuild: true,
  faults: [
    discord("403", "refused"),
    discord("404", "done"), // Unknown Ban: lifted already
    discord("429", "done"),
    discord("500", "waiting"),
    discord("timeout", "waiting"),
    statement("cases.processed", "waiting"),
    statement("cases.insert", "waiting"),
    ...OUTAGES,
  ],
  async prepare(world, where) {
    const target = where.member("tempbanned");
    banned(where, target.id);
    const ban = await world.app.container.resolve(CaseController).createCase({
      guildId: where.guild.id,
      type: CaseType.Ban,
      targetId: target.id,
      moderatorId: where.mod.id,
      reason: "matrix",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    return {
      route: {
        method: "DELETE",
        path: `/guilds/${where.guild.id}/bans/${target.id}`,
        notFound: CODES.unknownBan,
        gone: () => void where.guild.bans.delete(target.id), // lifted by hand meanwhile
      },
      fallDue: async () =>
        void (await world.sql("UPDATE cases SET expires_at = now() - interval '1 second' WHERE id = $1", [
          ban.id,
        ])),
      async state() {
        const [row] = await world.sql<{ processed: boolean; settle_note: string | null; unbans: number }>(
          `SELECT processed, settle_note,
                  (SELECT count(*)::int FROM cases u WHERE u.ref_case_id = c.id AND u.type = 'unban') AS unbans
             FROM cases c WHERE id = $1`,
          [ban.id],
        );
        const stillBanned = where.guild.bans.has(target.id);
        if (!row) return "the ban case is gone";
        if (row.unbans > 1) return `${row.unbans} Unban cases`;
        if (!row.processed && row.unbans === 0) return "waiting";
        if (row.processed && row.unbans === 1 && !stillBanned && row.settle_note === null) return "done";
        if (row.processed && row.unbans === 0 && stillBanned && row.settle_note) return "refused";
        return `half done: ${JSON.stringify({ ...row, stillBanned })}`;
      },
    };
  },
  due: casesDue,
};

export const pendingReconciliation: JobRow = {
  name: "pending reconciliation",
  task: "pending actions",
  perGuild: true,
  faults: [
    discord("403", "refused"),
    discord("404", "refused"), // read as Unknown Guild: the bot is no longer there
    discord("429", "done"),
    discord("500", "waiting"),
    discord("timeout", "waiting"),
    statement("cases.confirm", "waiting"),
    ...OUTAGES,
  ],
  async prepare(world, where) {
    const target = where.member("stuck");
    const kase = await world.app.container.resolve(CaseController).createCase({
      guildId: where.guild.id,
      type: CaseType.Ban,
      targetId: target.id,
      moderatorId: where.mod.id,
      reason: "matrix",
      pending: true,
    });
    banned(where, target.id); // Discord did ban them; the case was never confirmed
    return {
      route: {
        method: "GET",
        path: `/guilds/${where.guild.id}/bans/${target.id}`,
        notFound: CODES.unknownGuild,
      },
      fallDue: async () =>
        void (await world.sql("UPDATE cases SET created_at = now() - interval '5 minutes' WHERE id = $1", [
          kase.id,
        ])),
      async state() {
        const [row] = await world.sql<{ pending: boolean; voided: boolean; settle_note: string | null }>(
          "SELECT pending, voided, settle_note FROM cases WHERE id = $1",
          [kase.id],
        );
        if (row?.pending) return "waiting";
        if (row && !row.voided) return row.settle_note ? "refused" : "done";
        return `settled wrongly: ${JSON.stringify(row)}`;
      },
    };
  },
  due: casesDue,
};

export const externalBan: JobRow = {
  name: "external ban",
  task: null,
  perGuild: true,
  faults: [
    // Without the audit log the ban is still recorded, attributed to the bot.
    discord("403", "done"),
    discord("404", "done"),
    discord("429", "done"),
    discord("500", "done"),
    discord("timeout", "done"),
    statement("cases.insert", "waiting"),
    ...OUTAGE_ON_ARRIVAL,
  ],
  async prepare(world, where) {
    const target = where.member("banned-by-hand");
    return {
      route: { method: "GET", path: `/guilds/${where.guild.id}/audit-logs`, notFound: CODES.unknownGuild },
      async fallDue() {
        world.sim.banAs({
          guildId: where.guild.id,
          actorId: where.guild.ownerId,
          userId: target.id,
          reason: "raid",
        });
        return Promise.resolve();
      },
      async state() {
        const cases = await world.sql(
          "SELECT 1 FROM cases WHERE guild_id = $1 AND target_id = $2 AND type = 'ban'",
          [where.guild.id, target.id],
        );
        if (cases.length > 1) return `${cases.length} ban cases`;
        if (cases.length === 1) return "done";
        // Waiting means tried and to be tried again, not yet heard of.
        const tried = world.logs.lines.some(
          (line) =>
            line.msg === "could not record a ban made outside Warden yet" && line.guildId === where.guild.id,
        );
        return tried ? "waiting" : "not tried yet";
      },
    };
  },
};
