import { CODES } from "./discord-faults";
import { one, SETUP_REPLY_MS } from "./row-kit";
import { APPLIED, UNTOUCHED, type ActionRow } from "./rows";

/**
 * `/case duration` on a running timeout: the new end and its history entry together, then Discord's
 * timeout moved (outside the transaction) and the mod-log post edited. Applied: the case, its history and
 * Discord agree on the new end, or the answer owned up to Discord not taking it.
 */
export const CASE_DURATION_ROWS: readonly ActionRow[] = [
  {
    name: "case duration",
    covers: ["case duration"],
    discordSteps: ["act", "modlog-edit"],
    statementSteps: ["cases.expiry", "case_edits.insert"],
    done: /^Case #1 now ends/,
    async prepare({ world, where }) {
      const target = where.member("timed-out");
      const command = { guildId: where.guild.id, userId: where.mod.id };
      const options = { user: target.id, reason: "matrix", duration: "1h" };
      const reply = await world.sim.command({ ...command, name: "timeout", options }).answer(SETUP_REPLY_MS);
      expect(reply.content).toMatch(/^Timed out/);
      const kase = await one<{ id: number; mod_log_message_id: string | null; expires_at: Date }>(
        world,
        "SELECT id, mod_log_message_id, expires_at FROM cases WHERE guild_id = $1 AND number = 1",
        [where.guild.id],
      );
      if (!kase?.mod_log_message_id) throw new Error("the timeout was not posted to the mod log");
      const oldEnd = kase.expires_at.getTime();
      const discordEndOf = () =>
        Date.parse(where.guild.members.get(target.id)?.communicationDisabledUntil ?? "");
      const oldDiscordEnd = discordEndOf();
      return {
        input: {
          userId: where.mod.id,
          name: "case",
          subcommand: "duration",
          options: { number: 1, duration: "3h" },
        },
        routes: {
          act: {
            method: "PATCH",
            path: `/guilds/${where.guild.id}/members/${target.id}`,
            notFound: CODES.unknownMember,
          },
          "modlog-edit": {
            method: "PATCH",
            path: `/channels/${where.modLog.id}/messages/${kase.mod_log_message_id}`,
            notFound: CODES.unknownMessage,
            forbidden: CODES.missingAccess,
          },
        },
        scopes: { "case_edits.insert": where.mod.id },
        async state(answer) {
          const row = await one<{ expires_at: Date; edits: number }>(
            world,
            `SELECT expires_at, (SELECT count(*)::int FROM case_edits WHERE case_id = $1) AS edits
               FROM cases WHERE id = $1`,
            [kase.id],
          );
          const caseEnd = row?.expires_at.getTime();
          const discordEnd = discordEndOf();
          if (row?.edits === 0 && caseEnd === oldEnd && discordEnd === oldDiscordEnd) return UNTOUCHED;
          if (row?.edits !== 1 || caseEnd === oldEnd) return `half done: ${JSON.stringify(row)}`;
          const ownedUp = /But Discord didn't|They aren't in the server/.test(answer);
          if (discordEnd === caseEnd || ownedUp) return APPLIED;
          return "the case has the new end, Discord the old one, and the answer did not say so";
        },
      };
    },
  },
];
