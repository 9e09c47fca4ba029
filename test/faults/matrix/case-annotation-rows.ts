import { CODES } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, simple, SETUP_REPLY_MS } from "./row-kit";
import { openMessageForm } from "./menu-form";
import type { ActionRow } from "./rows";

/** A note on a member, made directly (no Discord request): the case the row annotates. */
async function caseOf(world: FaultWorld, where: WorldGuild): Promise<number> {
  const target = where.member("annotated");
  const reply = await world.sim
    .command({
      guildId: where.guild.id,
      userId: where.mod.id,
      name: "note",
      options: { user: target.id, note: "matrix" },
    })
    .answer(SETUP_REPLY_MS);
  const number = Number(/case #(\d+)/.exec(reply.content)?.[1]);
  if (!Number.isInteger(number)) throw new Error(`no case number in "${reply.content}"`);
  return number;
}

const annotations = (world: FaultWorld, where: WorldGuild, number: number) => async () => ({
  notes: (
    await world.sql(
      `SELECT 1 FROM case_edits e JOIN cases c ON c.id = e.case_id
        WHERE c.guild_id = $1 AND c.number = $2 AND e.field IN ('note', 'evidence')`,
      [where.guild.id, number],
    )
  ).length,
  evidence: (
    await world.sql(
      `SELECT 1 FROM case_evidence v JOIN cases c ON c.id = v.case_id WHERE c.guild_id = $1 AND c.number = $2`,
      [where.guild.id, number],
    )
  ).length,
});

/** /case note and /case evidence: the note or evidence and its history entry together, or neither. */
export const CASE_ANNOTATION_ROWS: readonly ActionRow[] = [
  simple({
    name: "case note",
    covers: ["case note"],
    statementSteps: ["case_edits.insert"],
    done: /^Added a note to case #\d+\.$/,
    async prepare({ world, where }) {
      const number = await caseOf(world, where);
      return {
        input: { userId: where.mod.id, name: "case", subcommand: "note", options: { number, text: "seen" } },
        scopes: { "case_edits.insert": where.mod.id },
        state: compare(
          annotations(world, where, number),
          { notes: 1, evidence: 0 },
          { notes: 0, evidence: 0 },
        ),
      };
    },
  }),
  {
    name: "case evidence",
    covers: ["case evidence"],
    // Downloading the file to fingerprint it is its only Discord request (the CDN, before any write).
    discordSteps: ["download"],
    statementSteps: ["case_evidence.insert", "case_edits.insert"],
    done: /^Added \*\*proof\.png\*\* .* to case #\d+ as evidence\./,
    async prepare({ world, where }) {
      const number = await caseOf(world, where);
      const upload = world.sim.upload({ filename: "proof.png", content: "matrix evidence" });
      return {
        input: {
          userId: where.mod.id,
          name: "case",
          subcommand: "evidence",
          options: { number, attachment: upload.id },
        },
        routes: {
          download: {
            method: "GET",
            path: `/attachments/${upload.id}/proof.png`,
            notFound: CODES.unknownMessage,
          },
        },
        scopes: { "case_evidence.insert": where.mod.id, "case_edits.insert": where.mod.id },
        state: compare(
          annotations(world, where, number),
          { notes: 1, evidence: 1 },
          { notes: 0, evidence: 0 },
        ),
      };
    },
  },
  simple({
    name: "menu evidence",
    covers: ["modal:menu-evidence"],
    // A message link: no download, so no Discord request; the link and its history entry together.
    statementSteps: ["case_evidence.insert", "case_edits.insert"],
    done: /^Added a message link to case #\d+ as evidence\.$/,
    async prepare(context) {
      const { world, where } = context;
      const number = await caseOf(world, where);
      return {
        input: await openMessageForm(context, "Add as evidence to a case", { number: String(number) }),
        scopes: { "case_evidence.insert": where.mod.id, "case_edits.insert": where.mod.id },
        state: compare(
          annotations(world, where, number),
          { notes: 1, evidence: 1 },
          { notes: 0, evidence: 0 },
        ),
      };
    },
  }),
];
