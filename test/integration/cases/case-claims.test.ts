import { CaseClaims, RETRY_BASE_SECONDS, RETRY_CAP_SECONDS } from "../../../src/controllers/case-claims";
import { CaseController } from "../../../src/controllers/case-controller";
import { CaseType } from "../../../src/entities";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("CaseClaims: leases for background jobs", () => {
  let guildId: string;

  beforeEach(async () => {
    guildId = (await makeGuild(t.container)).id;
  });

  const dueTempbans = async (count: number) => {
    const ids: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const kase = await makeCase(t.container, {
        guildId,
        type: CaseType.Ban,
        targetId: snowflake(),
        expiresAt: new Date(Date.now() - 1_000),
      });
      ids.push(kase.id);
    }
    return ids;
  };
  const row = async (id: number) =>
    (
      await t.db.sql<{ attempts: number; wait_seconds: number; claimed: boolean }>(
        `SELECT attempts, extract(epoch FROM next_attempt_at - now())::float8 AS wait_seconds,
                claim_token IS NOT NULL AS claimed
           FROM cases WHERE id = $1`,
        [id],
      )
    ).rows[0];

  it("hands each due case to one of several claimers at once, and to nobody while its lease holds", async () => {
    const ids = await dueTempbans(30);
    const claims = t.get(CaseClaims);
    const batches = await Promise.all(
      Array.from({ length: 6 }, () => claims.claimDueExpiries([guildId], 10)),
    );
    const claimed = batches.flat().map((claim) => claim.kase.id);
    expect(claimed.sort((a, b) => a - b)).toEqual(ids);
    expect(await claims.claimDueExpiries([guildId])).toEqual([]);
    expect(await claims.claimDueExpiries([snowflake()])).toEqual([]);
  });

  it("lets only the holder settle; once its lease ran out and another claimed it, the first settles nothing", async () => {
    const [id] = await dueTempbans(1);
    const claims = t.get(CaseClaims);
    const [first] = await claims.claimDueExpiries([guildId]);
    if (!first) throw new Error("nothing claimed");
    await t.db.sql("UPDATE cases SET claimed_until = now() - interval '1 second' WHERE id = $1", [id]);
    const [second] = await claims.claimDueExpiries([guildId]);
    if (!second) throw new Error("an expired lease was not claimable");
    let ran = 0;
    expect(await claims.settle(first, async () => (ran += 1))).toBeNull();
    expect(await claims.retryLater(first)).toBeNull();
    expect(ran).toBe(0);
    expect(await claims.settle(second, async () => (ran += 1))).toEqual({ value: 1 });
    expect(await row(id ?? 0)).toMatchObject({ claimed: false, attempts: 0 });
  });

  it("backs a failing case off exponentially, up to the cap, and leaves it alone meanwhile", async () => {
    const [id] = await dueTempbans(1);
    const claims = t.get(CaseClaims);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      const [claim] = await claims.claimDueExpiries([guildId]);
      if (!claim) throw new Error(`attempt ${attempt} found nothing to claim`);
      await claims.retryLater(claim);
      expect(await claims.claimDueExpiries([guildId])).toEqual([]); // backing off
      waits.push(Math.round((await row(id ?? 0))?.wait_seconds ?? 0));
      await t.db.sql("UPDATE cases SET next_attempt_at = now() WHERE id = $1", [id]);
    }
    const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256].map((factor) =>
      Math.min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * factor),
    );
    expect(waits).toEqual(expected);
    expect(await row(id ?? 0)).toMatchObject({ attempts: 9, claimed: false });
    expect(await t.get(CaseController).getById(id ?? 0)).toMatchObject({ processed: false });
  });

  it("refuses to claim inside a transaction (the lease must be committed before Discord is called)", async () => {
    const claims = t.get(CaseClaims);
    await expect(claims.transaction(() => claims.claimDueExpiries([guildId]))).rejects.toThrow(
      /outside a transaction/,
    );
  });
});
