import { CODES } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, one, SETUP_REPLY_MS } from "./row-kit";
import type { ActionRow } from "./rows";

/** Warns a member through the bot (a case with its mod-log message); resolves with the case's id and message. */
async function warned(world: FaultWorld, where: WorldGuild, name: string) {
  const target = where.member(name);
  const reply = await world.sim
    .command({
      guildId: where.guild.id,
      userId: where.mod.id,
      name: "warn",
      options: { user: target.id, reason: "matrix" },
    })
    .answer(SETUP_REPLY_MS);
  expect(reply.content).toMatch(/^Warned/);
  const kase = await one<{ id: number; mod_log_message_id: string | null }>(
    world,
    "SELECT id, mod_log_message_id FROM cases WHERE guild_id = $1 AND target_id = $2",
    [where.guild.id, target.id],
  );
  if (!kase?.mod_log_message_id) throw new Error("the warning was not posted to the mod log");
  return { id: kase.id, messageId: kase.mod_log_message_id };
}

function caseRow(spec: {
  subcommand: string;
  options: Record<string, string | number>;
  statement: "cases.edit" | "cases.void";
  done: RegExp;
  read: string;
  applied: (first: number) => unknown;
  untouched: unknown;
}): ActionRow {
  return {
    name: `case ${spec.subcommand}`,
    covers: [`case ${spec.subcommand}`],
    discordSteps: ["modlog-edit"],
    statementSteps: [spec.statement, "case_edits.insert"],
    done: spec.done,
    async prepare({ world, where }) {
      const first = await warned(world, where, "first");
      const second = await warned(world, where, "second");
      const edited = spec.options.refers_to === undefined ? first : second;
      const read = async () => ({
        ...(await one(world, spec.read, [edited.id])),
        edits: (await world.sql("SELECT 1 FROM case_edits WHERE case_id = $1", [edited.id])).length,
      });
      return {
        input: { userId: where.mod.id, name: "case", subcommand: spec.subcommand, options: spec.options },
        routes: {
          "modlog-edit": {
            method: "PATCH",
            path: `/channels/${where.modLog.id}/messages/${edited.messageId}`,
            notFound: CODES.unknownMessage,
            forbidden: CODES.missingAccess,
          },
        },
        scopes: { "case_edits.insert": where.mod.id },
        state: compare(read, spec.applied(first.id), spec.untouched),
      };
    },
  };
}

/** /case reason, delete and link: the change and its history entry together, the mod log edited after. */
export const CASE_ROWS: readonly ActionRow[] = [
  caseRow({
    subcommand: "reason",
    options: { number: 1, reason: "edited" },
    statement: "cases.edit",
    done: /^Updated the reason of case #1/,
    read: "SELECT reason FROM cases WHERE id = $1",
    applied: () => ({ reason: "edited", edits: 1 }),
    untouched: { reason: "matrix", edits: 0 },
  }),
  caseRow({
    subcommand: "delete",
    options: { number: 1, reason: "mistake" },
    statement: "cases.void",
    done: /^Deleted case #1/,
    read: "SELECT voided FROM cases WHERE id = $1",
    applied: () => ({ voided: true, edits: 1 }),
    untouched: { voided: false, edits: 0 },
  }),
  caseRow({
    subcommand: "link",
    options: { number: 2, refers_to: 1 },
    statement: "cases.edit",
    done: /^Case #2 now refers to case #1/,
    read: "SELECT ref_case_id FROM cases WHERE id = $1",
    applied: (first) => ({ ref_case_id: first, edits: 1 }),
    untouched: { ref_case_id: null, edits: 0 },
  }),
];
