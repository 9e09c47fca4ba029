import { writeFile } from "node:fs/promises";
import { PermissionFlagsBits } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimMessage } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain, type BotProcess } from "../lib/bot-process";
import { casesOf, seedCases } from "../lib/case-seed";
import { ARCHIVE_PAGE_SIZE } from "../../src/controllers/case-archive/case-archive-controller";
import { procStatusMb } from "../lib/child";
import { progress, type Reporter } from "../lib/output";

const CASES = 100_000;
const SOURCE_GUILD = "900000000000000014";
const REPLY_TIMEOUT_MS = 300_000;

/** A guild of the simulator with an administrator, who runs the export and the import. */
function staffedGuild(sim: DiscordSimulator, id: string, name: string): { guild: SimGuild; adminId: string } {
  const guild = sim.createGuild({ id, name });
  const admin = sim.createUser({ username: `${name}-admin` });
  const role = guild.createRole({
    name: "Admins",
    position: 5,
    permissions: PermissionFlagsBits.Administrator,
  });
  guild.addMember(admin.id, { roles: [role.id] });
  return { guild, adminId: admin.id };
}

function run(
  sim: DiscordSimulator,
  guild: SimGuild,
  userId: string,
  subcommand: string,
  options: Record<string, string>,
) {
  return sim
    .command({ guildId: guild.id, userId, name: "cases", subcommand, options })
    .reply(REPLY_TIMEOUT_MS);
}

function fileOf(reply: SimMessage): { name: string; data: Buffer } {
  const attachment = reply.attachments[0];
  if (!attachment?.data) throw new Error(`the export answered without a file: ${reply.content}`);
  return { name: attachment.filename, data: attachment.data };
}

/** Resets the process's peak resident memory (VmHWM) to its current size (Linux `clear_refs` 5). */
async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, "5");
}

/**
 * `/cases export` of CASES cases (made by PostgreSQL, with history and references) from `node
 * dist/src/main.js` as its own process: the peak resident memory the export adds (VmHWM after the export,
 * reset just before it, minus VmRSS before) and the rows exported per second. Then the file is imported
 * into an empty guild and every case, edit and reference compared row by row (a difference fails the suite).
 */
export async function benchCasesExport(context: BenchContext, report: Reporter): Promise<void> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  progress(`cases.export: seeding ${CASES} cases`);
  await seedCases(databaseUrl, SOURCE_GUILD, CASES);
  await context.raw.query("VACUUM ANALYZE cases");
  await context.raw.query("VACUUM ANALYZE case_edits");
  const sim = await DiscordSimulator.start();
  let bot: BotProcess | undefined;
  try {
    const source = staffedGuild(sim, SOURCE_GUILD, "export-source");
    const target = staffedGuild(sim, "900000000000000015", "import-target");
    const env = botEnv(sim, { DATABASE_URL: databaseUrl, LOG_LEVEL: "info", HEALTH_PORT: "0" });
    bot = await startBotProcess("cases-export", wardenMain(), env, WARDEN_READY_LINE);
    // Warm the export's code paths with a small one, so the measured one adds only its own memory.
    await run(sim, source.guild, source.adminId, "export", { format: "json", since: "2099-01-01" }).then(() =>
      run(sim, target.guild, target.adminId, "export", { format: "json" }),
    );
    const before = await procStatusMb(bot.pid, "VmRSS");
    await resetPeak(bot.pid);
    progress(`cases.export: exporting ${CASES} cases`);
    const started = performance.now();
    const reply = await run(sim, source.guild, source.adminId, "export", { format: "json" });
    const seconds = (performance.now() - started) / 1000;
    const peak = await procStatusMb(bot.pid, "VmHWM");
    const file = fileOf(reply);
    report.emit(
      "cases.export.rss_mb",
      Number((peak - before).toFixed(1)),
      "MB",
      `peak VmRSS added by /cases export of ${CASES} cases (VmHWM ${peak.toFixed(1)} − VmRSS before ${before.toFixed(1)} MiB), ` +
        `node dist/src/main.js as its own process; file ${file.name} ${(file.data.length / 1048576).toFixed(1)} MiB; target < 50`,
    );
    report.emit(
      "cases.export.rows_per_s",
      Math.round(CASES / seconds),
      "rows/s",
      `${CASES} cases with history and references, keyset pages of ${ARCHIVE_PAGE_SIZE}, in ${seconds.toFixed(1)} s (answer included)`,
    );
    progress("cases.export: importing the file into an empty guild");
    const upload = sim.upload({ filename: file.name, content: file.data });
    const importStarted = performance.now();
    const imported = await run(sim, target.guild, target.adminId, "import", { file: upload.id });
    const importSeconds = (performance.now() - importStarted) / 1000;
    if (!imported.content.startsWith("Imported")) throw new Error(`the import answered: ${imported.content}`);
    const [exported, read] = [
      await casesOf(databaseUrl, SOURCE_GUILD),
      await casesOf(databaseUrl, target.guild.id),
    ];
    const same =
      JSON.stringify(exported.cases) === JSON.stringify(read.cases) &&
      JSON.stringify(exported.edits) === JSON.stringify(read.edits);
    if (!same || read.cases.length !== CASES)
      throw new Error("the imported guild differs from the exported one");
    report.emit(
      "cases.import.rows_per_s",
      Math.round(CASES / importSeconds),
      "rows/s",
      `the export read back into an empty guild in one transaction in ${importSeconds.toFixed(1)} s; ` +
        `${read.cases.length} cases and ${read.edits.length} edits compared row by row: identical`,
    );
  } finally {
    await bot?.stop().catch((error: unknown) => progress(`cases.export: ${String(error)}`));
    await sim.close();
  }
}
