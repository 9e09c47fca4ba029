import { rmSync } from "node:fs";
import { withAdminClient } from "./database-server";
import { dropRunDatabases, stopPgBouncersUnder, stopPostmastersUnder } from "./leftovers";

/** Leaves nothing of this run behind: its databases, its servers, its folder. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__WARDEN_TEST_RUN__;
  if (!run) return;
  process.env.TMPDIR = run.tmpdir;
  try {
    if (run.server?.kind === "external") {
      await withAdminClient(run.server.urlFor("postgres"), (admin) => dropRunDatabases(admin, run.id));
    }
    await run.pooler?.stop();
    await run.server?.stop();
  } finally {
    await stopPostmastersUnder(run.dir); // servers tests started in their own folders and did not stop
    stopPgBouncersUnder(run.dir);
    rmSync(run.dir, { recursive: true, force: true });
  }
  if (run.serverLine) process.stdout.write(`This run's PostgreSQL: ${run.serverLine}\n`);
}
