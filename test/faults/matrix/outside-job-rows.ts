import { OUTAGE_ON_ARRIVAL, statement, type JobRow } from "./job-types";

/**
 * A kick made by hand (its audit-log entry starts the work): recorded once, or retried until the database
 * takes it. Recording asks nothing of Discord first (the entry carries it all), so no Discord fault applies.
 */
export const outsideKick: JobRow = {
  name: "outside kick",
  task: null,
  perGuild: true,
  faults: [statement("cases.insert", "waiting"), ...OUTAGE_ON_ARRIVAL],
  async prepare(world, where) {
    const target = where.member("kicked-by-hand");
    return {
      async fallDue() {
        world.sim.kickAs({ guildId: where.guild.id, actorId: where.guild.ownerId, userId: target.id });
        return Promise.resolve();
      },
      async state() {
        const cases = await world.sql(
          "SELECT 1 FROM cases WHERE guild_id = $1 AND target_id = $2 AND type = 'kick'",
          [where.guild.id, target.id],
        );
        if (cases.length > 1) return `${cases.length} kick cases`;
        if (cases.length === 1) return "done";
        const tried = world.logs.lines.some(
          (line) =>
            line.msg === "could not record a kick made outside Warden yet" && line.guildId === where.guild.id,
        );
        return tried ? "waiting" : "not tried yet";
      },
    };
  },
};
