import { ProcessBootController } from "../../../src/controllers/process-boot-controller";
import { OUTAGE_ON_ARRIVAL, statement, type JobRow } from "./job-types";

export const logRetention: JobRow = {
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

export const cooldownSweep: JobRow = {
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

export const sessionLease: JobRow = {
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

/** The windows' mark an hour and more behind, as after a stop: the job must move it to the current hour. */
export const usageWindows: JobRow = {
  name: "usage windows",
  task: "usage-windows",
  perGuild: false,
  faults: [statement("usage_window_mark.move", "waiting"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world) {
    return {
      scope: "1",
      // The usage in this world is minutes old: no hour it holds leaves a window of a day or more when the
      // mark moves back two hours, so the windows stay true to it.
      fallDue: async () =>
        void (await world.sql(
          `INSERT INTO usage_window_mark (id, hour, needs_rebuild)
           VALUES (1, date_trunc('hour', now(), 'UTC') - interval '2 hours', false)
           ON CONFLICT (id) DO UPDATE SET hour = EXCLUDED.hour, needs_rebuild = false`,
        )),
      async state() {
        const [row] = await world.sql<{ current: boolean }>(
          "SELECT hour = date_trunc('hour', now(), 'UTC') AS current FROM usage_window_mark",
        );
        if (!row) return "the windows' mark is gone";
        return row.current ? "done" : "waiting";
      },
    };
  },
};
