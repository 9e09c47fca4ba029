import { GuildController } from "../../../src/controllers/guild-controller";
import { UserController } from "../../../src/controllers/user-controller";
import { DatabaseService } from "../../../src/database/database-service";
import { ConflictError } from "../../../src/errors/database-errors";
import { ValidationError } from "../../../src/errors/validation-error";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase({ DB_SLOW_QUERY_MS: "50" });

/** Every statement the monitor's listeners are told of while `work` runs. */
async function observed(db: DatabaseService, work: () => Promise<unknown>): Promise<boolean[]> {
  const seen: boolean[] = [];
  let listening = true;
  db.queries.onStatement((_ms, success) => {
    if (listening) seen.push(success);
  });
  try {
    await work();
  } finally {
    listening = false;
  }
  return seen;
}

describe("statements outside a transaction (pooled, without a TypeORM query runner)", () => {
  it("are counted, observed, and a failed one is a typed error that leaves its connection in the pool", async () => {
    const db = t.get(DatabaseService);
    const pid = async (): Promise<number | undefined> =>
      (await db.sql<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    const before = await pid();
    const seen = await observed(db, async () => {
      const { statements } = await db.queries.record(async () => {
        await db.sql("SELECT 1");
        await expect(db.sql("INSERT INTO guilds (id) VALUES ('x')")).rejects.toBeInstanceOf(ValidationError);
      });
      expect(statements).toEqual(["SELECT 1", "INSERT INTO guilds (id) VALUES ('x')"]);
    });
    expect(seen).toEqual([true, false]);
    expect(await pid()).toBe(before); // the same connection, given back after the failure
  });

  it("report slow ones like TypeORM's runner does", async () => {
    const db = t.get(DatabaseService);
    await db.sql("SELECT pg_sleep(0.1)");
    expect(db.queries.slowQueries().map((slow) => slow.query)).toContain("SELECT pg_sleep(0.1)");
  });

  it("a transaction's statements reach the same listeners (forwarded from TypeORM)", async () => {
    const db = t.get(DatabaseService);
    const users = t.get(UserController);
    const seen = await observed(db, () =>
      users.transaction(async () => {
        await db.sql("SELECT 1");
      }),
    );
    expect(seen).toEqual([true, true, true]); // START TRANSACTION, SELECT 1, COMMIT
  });

  it("a duplicate key is still a ConflictError", async () => {
    const guilds = t.get(GuildController);
    await guilds.create({ id: "123456789012345678" });
    await expect(guilds.create({ id: "123456789012345678" })).rejects.toBeInstanceOf(ConflictError);
  });
});
