import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../../src/app";
import { startBot } from "../bot-harness";
import { DiscordSimulator } from "../../../simulator";
import { createDatabase, dropDatabase } from "../test-database";
import type { Outcome } from "./classify";
import { entryPointsOf, type EntryPoint } from "./entry-points";
import { MatrixGuild } from "./matrix-guild";
import { MEMBER_KINDS, type MemberKind } from "./member-kinds";

export interface Cell {
  entry: EntryPoint;
  kind: MemberKind;
  outcome: Outcome;
}

/** Components before autocompletes before commands: no command can take away what the others need. */
const ORDER: Record<EntryPoint["type"], number> = { component: 0, autocomplete: 1, command: 2, menu: 2 };

/** The whole app (every cog) against the simulator, with one prepared guild per member kind. */
export class MatrixWorld {
  private constructor(
    private readonly sim: DiscordSimulator,
    readonly app: WardenApp,
    private readonly guilds: readonly MatrixGuild[],
    private readonly database: string,
    private readonly dataDir: string,
  ) {}

  static async start(database: string): Promise<MatrixWorld> {
    const sim = await DiscordSimulator.start();
    const botOwner = sim.createUser({ username: "botowner" });
    const guilds = MEMBER_KINDS.map((kind) => MatrixGuild.create(sim, kind, botOwner));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-permission-matrix-"));
    const databaseUrl = await createDatabase(database, { migrated: true });
    const { app } = await startBot({ sim, databaseUrl, env: { OWNER_IDS: botOwner.id, DATA_DIR: dataDir } });
    return new MatrixWorld(sim, app, guilds, database, dataDir);
  }

  /** The matrix's rows, from the cogs the app loaded. */
  get entryPoints(): EntryPoint[] {
    return entryPointsOf(this.app.cogs);
  }

  prepare(): Promise<unknown> {
    return Promise.all(this.guilds.map((guild) => guild.prepare(this.app)));
  }

  /** Every entry point sent by every kind: the guilds side by side, each guild's sends one at a time. */
  async run(entries: readonly EntryPoint[]): Promise<Cell[]> {
    const ordered = [...entries].sort((a, b) => ORDER[a.type] - ORDER[b.type]);
    const perGuild = await Promise.all(
      this.guilds.map(async (guild) => {
        const cells: Cell[] = [];
        for (const entry of ordered)
          cells.push({ entry, kind: guild.kind, outcome: await guild.send(entry) });
        return cells;
      }),
    );
    return perGuild.flat();
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.sim?.close();
    await dropDatabase(this.database);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
