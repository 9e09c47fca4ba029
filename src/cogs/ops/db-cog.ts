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
import { BackupError } from "../../errors/backup-errors";
import { DatabaseService } from "../../database/database-service";
import { SchemaVersions } from "../../database/schema-version";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { newIncidentId } from "../../bot/incident-id";
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
      stats: { ...owner, run: (context) => this.stats(context.t) },
      backup: { ...owner, run: (context) => this.backup(context.t) },
      vacuum: { ...owner, run: (context) => this.vacuum(context) },
      cleanup: { ...owner, run: (context) => this.cleanup(context.t) },
      integrity: { ...owner, run: (context) => this.integrity(context.t) },
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
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  private async stats(t: Translator): Promise<Reply> {
    const [stats, schema] = await Promise.all([this.db.stats(), this.schemas.current()]);
    const versions = { app: wardenVersion(), schema };
    return { content: statsLines(t, stats, versions, this.db.queries.slowQueries()).join("\n") };
  }

  /** Written 0600 under DATA_DIR/backups (kept at 0700); the router defers the reply while it runs. */
  private async backup(t: Translator): Promise<Reply> {
    const format = await this.backups.chooseFormat();
    const { folder } = await ownBackupFolder(this.config.dataDir);
    try {
      const result = await this.backups.backup(path.join(folder, defaultBackupFile(format)), { format });
      return { content: backupLine(t, result) };
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      // Its text is pg_dump's or the backup code's, in English: the log keeps it, the owner gets the id.
      const incidentId = newIncidentId();
      this.logger.error({ err: error, incidentId }, "/db backup failed");
      throw new UserError("ops.backup_failed", { incidentId });
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
      await context.interaction.editReply(
        context.t.t("ops.vacuum_progress", { table: table.name, done: index + 1, total: rows.length }),
      );
      await this.db.sql(`VACUUM (ANALYZE) ${table.name}`);
    }
    const seconds = (performance.now() - started) / 1000;
    return { content: context.t.t("ops.vacuum_done", { tables: rows.length, seconds }) };
  }

  private async cleanup(t: Translator): Promise<Reply> {
    const removed = await this.retention.purgeExpired();
    let cooldowns = 0;
    let swept: number;
    do {
      swept = await this.cooldowns.sweepExpired(COOLDOWN_BATCH);
      cooldowns += swept;
    } while (swept === COOLDOWN_BATCH);
    return { content: cleanupLines(t, { ...removed, cooldowns }).join("\n") };
  }

  private async integrity(t: Translator): Promise<Reply> {
    return { content: integrityLines(t, await this.check.run()).join("\n") };
  }
}
