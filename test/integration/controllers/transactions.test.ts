import { Client } from "pg";
import { CaseController } from "../../../src/controllers/case-controller";
import { GuildController } from "../../../src/controllers/guild-controller";
import { UserController } from "../../../src/controllers/user-controller";
import { ReadAfterCommitError, TransactionConflictError } from "../../../src/errors/database-errors";
import { Barrier } from "../../support/barrier";
import { makeGuild, neverRepeated, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("transaction()", () => {
  it("commits every controller's work on return", async () => {
    const users = t.get(UserController);
    const guilds = t.get(GuildController);
    const guildId = snowflake();
    await users.transaction(async () => {
      await users.create({ username: "in-tx" });
      await guilds.ensure(guildId);
    });
    expect(await users.count({ username: "in-tx" })).toBe(1);
    expect(await guilds.exists({ id: guildId })).toBe(true);
  });

  it("a rolled-back transaction leaves nothing, across controllers", async () => {
    const users = t.get(UserController);
    const cases = t.get(CaseController);
    const guild = await makeGuild(t.container);
    const failure = new Error("boom");
    await expect(
      users.transaction(async () => {
        await users.create({ username: "ghost" });
        await cases.createCase({ guildId: guild.id, type: "warn" as never, targetId: "1", moderatorId: "2" });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await users.count()).toBe(0);
    expect(await cases.count({ guildId: guild.id })).toBe(0);
    expect((await t.get(GuildController).getById(guild.id))?.caseCounter).toBe(0);
  });

  it("controllers inside the callback are on the transaction's connection", async () => {
    const users = t.get(UserController);
    await users.transaction(async () => {
      await users.create({ username: "invisible" });
      // a separate connection cannot see the uncommitted row
      const outside = new Client({ connectionString: t.url });
      await outside.connect();
      const seen = await outside.query("SELECT count(*)::int AS n FROM users");
      await outside.end();
      expect(seen.rows[0].n).toBe(0);
      expect(await users.count()).toBe(1);
    });
  });

  it("a nested transaction is a savepoint: its rollback keeps the outer work", async () => {
    const users = t.get(UserController);
    const { statements } = await t.db.queries.record(() =>
      users.transaction(async () => {
        await users.create({ username: "outer" });
        await users
          .transaction(async () => {
            await users.create({ username: "inner" });
            throw new Error("inner fails");
          })
          .catch(() => undefined);
        await users.transaction(async () => {
          await users.create({ username: "inner-ok" });
        });
      }),
    );
    expect(statements.some((s) => s.startsWith("SAVEPOINT"))).toBe(true);
    expect(statements.some((s) => s.startsWith("ROLLBACK TO SAVEPOINT"))).toBe(true);
    const names = (await users.findMany({ order: { id: "ASC" } })).map((u) => u.username);
    expect(names).toEqual(["outer", "inner-ok"]);
  });

  it("runs after-commit hooks only when the transaction commits", async () => {
    const ran: string[] = [];
    await t.db.transaction(async (tx) => {
      tx.afterCommit(() => ran.push("committed"));
    });
    await t.db
      .transaction(async (tx) => {
        tx.afterCommit(() => ran.push("rolled back"));
        throw new Error("no");
      })
      .catch(() => undefined);
    expect(ran).toEqual(["committed"]);
  });

  it("sets the isolation level asked for", async () => {
    const level = await t.db.transaction(
      async () =>
        (await t.db.sql<{ level: string }>("SELECT current_setting('transaction_isolation') AS level"))
          .rows[0]?.level,
      { isolation: "SERIALIZABLE" },
    );
    expect(level).toBe("serializable");
  });

  it("retries a serialization failure when asked, and reports it as a typed error when not", async () => {
    const users = t.get(UserController);
    const user = await users.create({ username: "counter", displayName: "0" });
    // Every transaction reads, then waits until all of them have read (first attempt only) before it writes
    // what it read: SERIALIZABLE lets exactly one of them commit, whatever the machine's load.
    const bump = (retries: number, allRead: Barrier) => {
      let firstAttempt = true;
      return t.db.transaction(
        async () => {
          const current = await users.getByIdOrFail(user.id);
          if (firstAttempt) {
            firstAttempt = false;
            await allRead.arrive();
          }
          await users.updateById(user.id, { displayName: String(Number(current.displayName) + 1) });
        },
        { isolation: "SERIALIZABLE", retries },
      );
    };
    const pair = new Barrier(2);
    const outcomes = await Promise.allSettled([bump(0, pair), bump(0, pair)]);
    const rejected = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(TransactionConflictError);
    expect((await users.getById(user.id))?.displayName).toBe("1");

    await users.updateById(user.id, { displayName: "0" });
    const five = new Barrier(5);
    await Promise.all(Array.from({ length: 5 }, () => bump(20, five)));
    expect((await users.getById(user.id))?.displayName).toBe("5");
  });

  it("refuses work that outlives its transaction instead of running it elsewhere", async () => {
    const users = t.get(UserController);
    let late: Promise<number> | undefined;
    let endTransaction!: () => void;
    const ended = new Promise<void>((resolve) => (endTransaction = resolve));
    await t.db.transaction(async () => {
      // work started inside the transaction but run after it ended (e.g. a forgotten timer)
      late = ended.then(() => users.count());
    });
    endTransaction();
    await expect(late).rejects.toThrow(/already finished/);
  });

  describe("transactionThenRead()", () => {
    const backendPid = async (run: (q: string) => Promise<{ rows: Array<{ pid: number }> }>) =>
      (await run("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;

    it("reads on the transaction's own connection, after COMMIT, what a deferred trigger decided", async () => {
      const cases = t.get(CaseController);
      const guild = await makeGuild(t.container);
      await cases.createCase({ guildId: guild.id, type: "note" as never, targetId: "1", moderatorId: "2" });
      let read: { pid: number | undefined; number: number } | undefined;
      const inside = await t.db.transactionThenRead(
        async () => {
          const recorded = await cases.recordUnlessRepeated(
            { guildId: guild.id, type: "note" as never, targetId: "1", moderatorId: "2" },
            neverRepeated,
            "at-commit",
          );
          if (!("created" in recorded)) throw new Error("nothing can repeat");
          const kase = recorded.created;
          return { kase, pid: await backendPid((q) => t.db.sql<{ pid: number }>(q)) };
        },
        async ({ kase }, sql) => {
          expect(kase.number).toBeLessThan(0); // the placeholder, until the commit numbered it
          expect(await cases.readNumberAfterCommit(kase, sql)).toBe(true);
          read = { pid: await backendPid((q) => sql<{ pid: number }>(q)), number: kase.number };
        },
      );
      expect(read).toEqual({ pid: inside.pid, number: 2 });
      expect((await t.get(GuildController).getById(guild.id))?.caseCounter).toBe(2);
    });

    it("keeps the commit when the read fails, and says the read failed", async () => {
      const users = t.get(UserController);
      const failure = new Error("read broke");
      const attempt = t.db.transactionThenRead(
        () => users.create({ username: "kept" }),
        () => Promise.reject(failure),
      );
      await expect(attempt).rejects.toBeInstanceOf(ReadAfterCommitError);
      await expect(attempt).rejects.toMatchObject({ cause: failure });
      expect(await users.count({ username: "kept" })).toBe(1);
    });

    it("refuses to run inside another transaction, whose commit it could not see", async () => {
      await expect(
        t.db.transaction(() =>
          t.db.transactionThenRead(
            async () => 1,
            async () => undefined,
          ),
        ),
      ).rejects.toThrow("cannot be nested");
    });
  });
});
