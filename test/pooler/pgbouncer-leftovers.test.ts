import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eventuallyAsync } from "../support/eventually";
import { stopPgBouncersUnder } from "../support/leftovers";
import { startPgBouncer } from "../support/pgbouncer";
import { adminUrl } from "../support/test-database";

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** A killed jest never stops the run's PgBouncer: the next run's sweep (and the teardown) must. */
describe("a PgBouncer left in a run folder", () => {
  it("is stopped by the leftovers sweep, and only one started on that folder", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-leftover-bouncer-"));
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "warden-other-bouncer-"));
    for (const folder of [dir, elsewhere]) chmodSync(folder, 0o755); // as root, PgBouncer runs as "postgres"
    const left = await startPgBouncer(adminUrl(), { parentDir: dir });
    const other = await startPgBouncer(adminUrl(), { parentDir: elsewhere });
    try {
      expect(stopPgBouncersUnder(dir)).toBe(1);
      await eventuallyAsync(async () => !(await accepts(left.port)), 10_000, "the left PgBouncer to stop");
      expect(await accepts(other.port)).toBe(true);
    } finally {
      await left.stop();
      await other.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
