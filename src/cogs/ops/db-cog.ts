import path from "node:path";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { CooldownController } from "../../controllers/cooldown-controller";
import { RetentionController } from "../../controllers/retention-controller";
import type { Config } from "../../config";
import { ownBackupFolder } from "../../database/backup/backup-files";
import { BackupService, defaultBackupFile } from "../../database/backup/backup-service";
import { BackupError } from "../../database/backup/format";
import { DatabaseService } from "../../database/database-service";
import { LegacyUserError } from "../../errors/user-error";
import { SchemaVersions } from "../../database/schema-version";
import { TOKENS } from "../../tokens";
import { IntegrityCheck } from "../../ops/integrity-check";
import { wardenVersion } from "../../version";
import { backupLine, cleanupLines, integrityLines, statsLines } from "./db-lines";
import { DbCommand } from "./definitions";

const COOLDOWN_BATCH = 1_000;
const owner = { access: "owner", ephemeral: true } as const;

/** `/db`: the owners' database administration — stats, backup, vacuum, cleanup, integrity. */
@injectable()
export class DbCog implements Cog {
  readonly name = "db";
  readonly database = "required";
  readonly commands = [
    slashCommand(DbCommand, {
      stats: { ...owner, run: () => this.stats() },
      backup: { ...owner, run: () => this.backup() },
      vacuum: { ...owner, run: (context) => this.vacuum(context) },
      cleanup: { ...owner, run: () => this.cleanup() },
      integrity: { ...owner, run: () => this.integrity() },
    }),
  ];

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(BackupService) private readonly backups: BackupService,
    @inject(DatabaseService) private readonly db: DatabaseService,
    @inject(RetentionController) private readonly retention: RetentionController,
    @inject(CooldownController) private readonly cooldowns: CooldownController,
    @inject(IntegrityCheck) private readonly check: IntegrityCheck,
    @inject(SchemaVersions) private readonly schemas: SchemaVersions,
  ) {}

  private async stats(): Promise<Reply> {
    const [stats, schema] = await Promise.all([this.db.stats(), this.schemas.current()]);
    const versions = { app: wardenVersion(), schema };
    return { content: statsLines(stats, versions, this.db.queries.slowQueries()).join("\n") };
  }

  /** Written 0600 under DATA_DIR/backups (kept at 0700); the router defers the reply while it runs. */
  private async backup(): Promise<Reply> {
    const format = await this.backups.chooseFormat();
    const { folder } = await ownBackupFolder(this.config.dataDir);
    try {
      const result = await this.backups.backup(path.join(folder, defaultBackupFile(format)), { format });
      return { content: backupLine(result) };
    } catch (error) {
      if (error instanceof BackupError)
        throw new LegacyUserError("backup-failed", `The backup failed: ${error.message}`);
      throw error;
    }
  }

  /** Deferred, then the deferred reply is edited after each table; the returned reply is the last edit. */
  private async vacuum(context: CommandContext): Promise<Reply> {
    await context.defer({ ephemeral: true });
    const { rows } = await this.db.sql<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    const started = performance.now();
    for (const [index, table] of rows.entries()) {
      await context.interaction.editReply(`Vacuuming ${table.name} (${index + 1}/${rows.length})…`);
      await this.db.sql(`VACUUM (ANALYZE) ${table.name}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { content: `Vacuumed and analyzed ${rows.length} tables in ${seconds} s.` };
  }

  private async cleanup(): Promise<Reply> {
    const removed = await this.retention.purgeExpired();
    let cooldowns = 0;
    let swept: number;
    do {
      swept = await this.cooldowns.sweepExpired(COOLDOWN_BATCH);
      cooldowns += swept;
    } while (swept === COOLDOWN_BATCH);
    return { content: cleanupLines({ ...removed, cooldowns }).join("\n") };
  }

  private async integrity(): Promise<Reply> {
    return { content: integrityLines(await this.check.run()).join("\n") };
  }
}
