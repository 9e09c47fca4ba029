import { CaseController } from "../../../src/controllers/case-controller";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { RestrictionController } from "../../../src/controllers/restriction-controller";
import { CaseType } from "../../../src/entities";
import { CODES } from "./discord-faults";
import type { FaultWorld } from "./fault-world";
import { discord, OUTAGES, statement, type JobRow } from "./job-types";

/** Background retries and leases of these guilds' cases are due now. */
async function casesDue(world: FaultWorld, guildIds: readonly string[]): Promise<void> {
  await world.sql(
    `UPDATE cases SET next_attempt_at = now(), claimed_until = now() - interval '1 second'
      WHERE guild_id = ANY($1::bigint[]) AND (claim_token IS NOT NULL OR next_attempt_at IS NOT NULL)`,
    [guildIds],
  );
}

export const restrictionExpiry: JobRow = {
  name: "restriction expiry",
  task: "restriction expiries",
  perGuild: true,
  faults: [
    discord("403", "refused"),
    discord("404", "done"), // Unknown Member: they left meanwhile, and get their roles back on rejoining
    discord("429", "done"),
    discord("500", "waiting"),
    discord("timeout", "waiting"),
    statement("cases.processed", "waiting"),
    statement("cases.insert", "waiting"),
    ...OUTAGES,
  ],
  async prepare(world, where) {
    const target = where.member("restricted");
    const muted = where.guild.createRole({ name: "Muted", position: 2 });
    const regular = where.guild.createRole({ name: "Regular", position: 1 });
    where.guild.updateMember(target.id, (member) => (member.roles = [muted.id]));
    const { container } = world.app;
    await container.resolve(GuildConfigController).update(where.guild.id, { restrictedRoleId: muted.id });
    const kase = await container.resolve(CaseController).createCase({
      guildId: where.guild.id,
      type: CaseType.Restrict,
      targetId: target.id,
      moderatorId: where.mod.id,
      reason: "matrix",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await container.resolve(RestrictionController).record(kase, muted.id, [regular.id]);
    return {
      route: {
        method: "PATCH",
        path: `/guilds/${where.guild.id}/members/${target.id}`,
        notFound: CODES.unknownMember,
        gone: () => where.guild.removeMember(target.id),
      },
      fallDue: async () =>
        void (await world.sql("UPDATE cases SET expires_at = now() - interval '1 second' WHERE id = $1", [
          kase.id,
        ])),
      async state() {
        const [row] = await world.sql<{
          processed: boolean;
          settle_note: string | null;
          restore_on_join: boolean;
          lifts: number;
        }>(
          `SELECT processed, settle_note, r.restore_on_join,
                  (SELECT count(*)::int FROM cases u WHERE u.ref_case_id = c.id AND u.type = 'unrestrict') AS lifts
             FROM cases c JOIN restrictions r ON r.case_id = c.id WHERE c.id = $1`,
          [kase.id],
        );
        const roles = where.guild.members.get(target.id)?.roles ?? null;
        const restored = roles === null ? row?.restore_on_join === true : roles.join() === regular.id;
        const stillRestricted = roles?.join() === muted.id;
        if (!row) return "the restriction case is gone";
        if (row.lifts > 1) return `${row.lifts} Unrestrict cases`;
        if (!row.processed && row.lifts === 0) return "waiting";
        if (row.processed && row.lifts === 1 && restored && row.settle_note === null) return "done";
        if (row.processed && row.lifts === 0 && stillRestricted && row.settle_note) return "refused";
        return `half done: ${JSON.stringify({ ...row, roles })}`;
      },
    };
  },
  due: casesDue,
};
