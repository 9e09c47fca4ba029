import { ActivityBuffer } from "../../../src/controllers/activity-buffer";
import { CaseController } from "../../../src/controllers/case-controller";
import { ProcessBootController } from "../../../src/controllers/process-boot-controller";
import { CaseType } from "../../../src/entities";
import { eventually } from "../../support/eventually";
import { CODES, type DiscordFaultName, type DiscordRoute } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import type { StatementStepName } from "./statement-faults";

/** Where one guild's work stands: settled as asked, settled with a recorded refusal, or still to do. */
export type JobState = "done" | "refused" | "waiting";

export type JobFault =
  | { kind: "discord"; fault: DiscordFaultName }
  | { kind: "statement"; step: StatementStepName }
  | { kind: "outage"; during: boolean };

/** One guild's share of a job, made due once its fault is armed. */
export interface JobWork {
  /** The Discord request the job makes for this guild. */
  route?: DiscordRoute;
  /** What a statement step's scope column holds; default the guild's id. */
  scope?: string;
  fallDue(): Promise<void>;
  /** A JobState, or a description of what is wrong (twice done, half done). */
  state(): Promise<string>;
}

/** A background job (a scheduled task, or work a gateway event starts): one row of the job matrix. */
export interface JobRow {
  name: string;
  /** The scheduled task that does the work; null when a gateway event starts it. */
  task: string | null;
  /** Whether the job's work is per guild (else one combo at a time, and no other guild to compare). */
  perGuild: boolean;
  /** The faults tried, each in a guild of its own, and what the first run leaves there. */
  faults: ReadonlyArray<{ fault: JobFault; first: JobState }>;
  prepare(world: FaultWorld, where: WorldGuild): Promise<JobWork>;
  /** Makes retries and leases due, as time passing would. */
  due?(world: FaultWorld, guildIds: readonly string[]): Promise<void>;
}

const discord = (fault: DiscordFaultName, first: JobState) => ({
  fault: { kind: "discord", fault } as const,
  first,
});
const statement = (step: StatementStepName, first: JobState) => ({
  fault: { kind: "statement", step } as const,
  first,
});
const OUTAGES = [
  { fault: { kind: "outage", during: false } as const, first: "waiting" as const },
  { fault: { kind: "outage", during: true } as const, first: "waiting" as const },
];
const OUTAGE_ON_ARRIVAL = OUTAGES.slice(0, 1);

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

const tempbanExpiry: JobRow = {
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

const pendingReconciliation: JobRow = {
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

/** A buffered row the database refused is dropped and logged under its guild's id: settled for good. */
const droppedFor = (world: FaultWorld, guildId: string) =>
  world.logs.lines.some(
    (line) => line.msg === "the database refused a buffered row; it was dropped" && line.guildId === guildId,
  );

const activityFlush: JobRow = {
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

const usageFlush: JobRow = {
  name: "usage flush",
  task: "usage-flush",
  perGuild: true,
  faults: [statement("usage.insert", "refused"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world, where) {
    const member = where.member("user");
    return {
      async fallDue() {
        await world.sim.command({ guildId: where.guild.id, userId: member.id, name: "ping" }).reply();
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

const logRetention: JobRow = {
  name: "log retention",
  task: "log-retention",
  perGuild: true,
  faults: [
    statement("message_log.delete", "waiting"),
    statement("guild_events.delete", "waiting"),
    ...OUTAGE_ON_ARRIVAL,
  ],
  async prepare(world, where) {
    const old = async () =>
      (
        await world.sql<{ n: number }>(
          `SELECT (SELECT count(*) FROM message_log WHERE guild_id = $1 AND created_at < now() - interval '31 days')
                + (SELECT count(*) FROM guild_events WHERE guild_id = $1 AND created_at < now() - interval '31 days')
                  AS n`,
          [where.guild.id],
        )
      )[0]?.n;
    return {
      async fallDue() {
        await world.sql(
          `INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content, created_at)
           VALUES ($1, $2, $3, $3, 'old', now() - interval '40 days')`,
          [where.guild.id, where.modLog.id, where.mod.id],
        );
        await world.sql(
          `INSERT INTO guild_events (guild_id, type, user_id, created_at)
           VALUES ($1, 'member_join', $2, now() - interval '40 days')`,
          [where.guild.id, where.mod.id],
        );
      },
      async state() {
        const left = Number(await old());
        return left === 0 ? "done" : "waiting";
      },
    };
  },
};

const cooldownSweep: JobRow = {
  name: "cooldown sweep",
  task: "cooldown-sweep",
  perGuild: true,
  faults: [statement("cooldowns.delete", "waiting"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world, where) {
    return {
      fallDue: async () =>
        void (await world.sql(
          `INSERT INTO cooldowns (guild_id, user_id, action, expires_at) VALUES ($1, $2, 'matrix', now() - interval '1 hour')`,
          [where.guild.id, where.mod.id],
        )),
      async state() {
        const left = await world.sql("SELECT 1 FROM cooldowns WHERE guild_id = $1 AND action = 'matrix'", [
          where.guild.id,
        ]);
        return left.length === 0 ? "done" : "waiting";
      },
    };
  },
};

const sessionLease: JobRow = {
  name: "session lease",
  task: "session-lease",
  perGuild: false,
  faults: [statement("boots.write", "waiting"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world) {
    const bootId = world.app.container.resolve(ProcessBootController).bootId;
    return {
      scope: bootId,
      // As if most of the lease had passed: a renewal puts it a whole lease (a minute) ahead again.
      fallDue: async () =>
        void (await world.sql(
          "UPDATE process_boots SET lease_until = now() + interval '5 seconds' WHERE id = $1",
          [bootId],
        )),
      async state() {
        const [row] = await world.sql<{ renewed: boolean }>(
          "SELECT lease_until > now() + interval '30 seconds' AS renewed FROM process_boots WHERE id = $1",
          [bootId],
        );
        if (!row) return "this run's boot row is gone";
        return row.renewed ? "done" : "waiting";
      },
    };
  },
};

const externalBan: JobRow = {
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

/** Every background job: a new one joins the matrix by adding its row. */
export const JOB_ROWS: readonly JobRow[] = [
  tempbanExpiry,
  pendingReconciliation,
  activityFlush,
  usageFlush,
  logRetention,
  cooldownSweep,
  sessionLease,
  externalBan,
];

/** Scheduled tasks without a row, and why. */
export const TASKS_NOT_IN_MATRIX: Readonly<Record<string, string>> = {
  "invite-resync": "refreshes an in-memory cache of invite counts: no record to settle, a refusal is logged",
};
