import { compare, one } from "./row-kit";
import type { ActionRow } from "./rows";
import { simple } from "./row-kit";

const CASES = 30;

/** A /cases export of `CASES` cases from another guild: every 10th refers to the one 3 before, with history. */
export function archiveText(count = CASES): string {
  const header = JSON.stringify({
    format: "warden-cases",
    version: 1,
    guildId: "100000000000000001",
    exportedAt: "2026-01-01T00:00:00.000000Z",
    filter: {},
    cases: [],
  }).slice(0, -2);
  const cases = Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    const linked = number % 10 === 0;
    return JSON.stringify({
      number,
      type: "warn",
      targetId: "100000000000000002",
      moderatorId: "100000000000000003",
      reason: `imported ${number}`,
      createdAt: "2026-01-01T00:00:00.000000Z",
      updatedAt: "2026-01-01T00:00:00.000000Z",
      expiresAt: null,
      processed: false,
      voided: false,
      pending: false,
      settleNote: null,
      refersTo: linked ? number - 3 : null,
      edits: linked
        ? [
            {
              editorId: "100000000000000003",
              field: "refCaseId",
              before: null,
              after: String(number - 3),
              note: null,
              editedAt: "2026-01-01T00:01:00.000000Z",
            },
          ]
        : [],
    });
  });
  return `${header}\n${cases.join(",\n")}\n]}\n`;
}

/** /cases import: every case, reference and edit, or (any statement failing) none of them. */
export const ARCHIVE_ROWS: readonly ActionRow[] = [
  simple({
    name: "cases import",
    covers: ["cases import"],
    statementSteps: ["cases.insert", "cases.edit", "guilds.counter"],
    done: new RegExp(`^Imported ${CASES} cases`),
    async prepare({ world, where }) {
      const file = world.sim.upload({ filename: "cases.json", content: Buffer.from(archiveText()) });
      const guildId = where.guild.id;
      const counter = async () =>
        (await one<{ n: number }>(world, "SELECT case_counter AS n FROM guilds WHERE id = $1", [guildId]))
          ?.n ?? 0;
      const before = await counter();
      const read = async () => ({
        cases: (await world.sql("SELECT 1 FROM cases WHERE guild_id = $1", [guildId])).length,
        linked: (
          await world.sql("SELECT 1 FROM cases WHERE guild_id = $1 AND ref_case_id IS NOT NULL", [guildId])
        ).length,
        edits: (
          await world.sql(
            "SELECT 1 FROM case_edits e JOIN cases c ON c.id = e.case_id WHERE c.guild_id = $1",
            [guildId],
          )
        ).length,
        counter: await counter(),
      });
      return {
        input: {
          userId: where.guild.ownerId,
          name: "cases",
          subcommand: "import",
          options: { file: file.id },
        },
        state: compare(
          read,
          { cases: CASES, linked: CASES / 10, edits: CASES / 10, counter: Math.max(before, CASES) },
          { cases: 0, linked: 0, edits: 0, counter: before },
        ),
      };
    },
  }),
];
