import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Verdict } from "../support/permission-matrix/classify";
import { COMPONENT_RECIPES } from "../support/permission-matrix/component-recipes";
import { MatrixWorld, type Cell } from "../support/permission-matrix/matrix-world";
import { MEMBER_KINDS } from "../support/permission-matrix/member-kinds";
import { README_END, README_START, whoMayUseWhat } from "../support/permission-matrix/readme-list";
import { EXPECTED } from "./permission-matrix.expectations";

const DATABASE = `warden_e2e_permission_matrix_w${process.env.JEST_WORKER_ID ?? "0"}`;

function expectedVerdict(cell: Cell): Verdict | "no row" {
  const allowed = EXPECTED[cell.entry.id];
  if (!allowed) return "no row";
  return allowed.includes(cell.kind) ? "allowed" : "refused";
}

const describeCell = (cell: Cell, expected: string): string =>
  `${cell.entry.id} × ${cell.kind}: expected ${expected}, got ${cell.outcome.verdict} ("${cell.outcome.answer}")`;

/**
 * Issue 10: every command, subcommand, autocomplete and component the cogs register, sent by every kind
 * of member through the simulator to the real app, answers exactly the kinds its row in
 * permission-matrix.expectations.ts allows.
 */
describe("permission matrix", () => {
  let world: MatrixWorld;

  beforeAll(async () => {
    world = await MatrixWorld.start(DATABASE);
  });
  afterAll(() => world?.stop());

  it("has one row for each entry point the cogs register, and none for anything else", () => {
    const ids = world.entryPoints.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect({
      withoutRow: ids.filter((id) => !(id in EXPECTED)),
      rowWithoutEntryPoint: Object.keys(EXPECTED).filter((id) => !ids.includes(id)),
    }).toEqual({ withoutRow: [], rowWithoutEntryPoint: [] });
  });

  it("knows how to obtain every component and modal the cogs register", () => {
    const components = world.entryPoints
      .filter((entry) => entry.type === "component")
      .map((entry) => entry.id);
    expect(Object.keys(COMPONENT_RECIPES).sort()).toEqual(components.sort());
  });

  it("never lets Discord hide a command from the members its row lets in without any permission", () => {
    const hidden = world.entryPoints.flatMap((entry) =>
      entry.type === "command" &&
      entry.leaf.discordDefault !== null &&
      EXPECTED[entry.id]?.includes("no permissions")
        ? [entry.id]
        : [],
    );
    expect(hidden).toEqual([]);
  });

  it("is what the README's who-may-use-what list says", () => {
    const readmePath = path.join(__dirname, "../../README.md");
    const readme = readFileSync(readmePath, "utf8");
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    const listed = start === -1 || end === -1 ? "(no list)" : readme.slice(start, end + README_END.length);
    const wanted = whoMayUseWhat(EXPECTED, world.entryPoints);
    // WRITE_README=1 rewrites the list after a change to the expectations (then review the diff).
    if (process.env.WRITE_README === "1" && start !== -1 && end !== -1)
      writeFileSync(readmePath, readme.slice(0, start) + wanted + readme.slice(end + README_END.length));
    else expect(listed).toBe(wanted);
  });

  it("serves each entry point to exactly the member kinds its row allows, and refuses every other", async () => {
    await world.prepare();
    const entries = world.entryPoints;
    const cells = await world.run(entries);
    expect(cells).toHaveLength(entries.length * MEMBER_KINDS.length);
    const wrong = cells.flatMap((cell) => {
      const expected = expectedVerdict(cell);
      return expected === cell.outcome.verdict ? [] : [describeCell(cell, expected)];
    });
    const incidents = cells
      .filter((cell) => cell.outcome.incident)
      .map((cell) => describeCell(cell, "no incident"));
    expect({ wrong, incidents }).toEqual({ wrong: [], incidents: [] });
  }, 120_000);
});
