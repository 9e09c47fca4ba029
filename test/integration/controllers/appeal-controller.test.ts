import { AppealController } from "../../../src/controllers/appeal-controller";
import { CaseType } from "../../../src/entities";
import { UserError } from "../../../src/errors/user-error";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

async function ban() {
  const guild = await makeGuild(t.container);
  const userId = snowflake();
  const kase = await makeCase(t.container, { guildId: guild.id, type: CaseType.Ban, targetId: userId });
  return { guildId: guild.id, userId, kase };
}

const identifierOf = (result: PromiseSettledResult<unknown>) =>
  result.status === "rejected" && result.reason instanceof UserError
    ? result.reason.identifier
    : result.status;

describe("AppealController", () => {
  it("stores one appeal of a ban when two are submitted at the same moment (the unique constraint decides)", async () => {
    const appeals = t.get(AppealController);
    const { guildId, userId, kase } = await ban();
    const input = { guildId, banCaseId: kase.id, userId, text: "sorry" };
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => appeals.submit(input, kase.number)));
    expect(results.map(identifierOf).sort()).toEqual([
      "appeals.already_appealed",
      "appeals.already_appealed",
      "appeals.already_appealed",
      "fulfilled",
    ]);
    expect(await appeals.ofUser(userId, 10)).toHaveLength(1);
  });

  it("decides an appeal once when two moderators reject it at the same moment", async () => {
    const appeals = t.get(AppealController);
    const { guildId, userId, kase } = await ban();
    const appeal = await appeals.submit({ guildId, banCaseId: kase.id, userId, text: "sorry" }, kase.number);
    const results = await Promise.allSettled(
      [snowflake(), snowflake()].map((moderatorId) => appeals.reject(guildId, appeal.id, moderatorId, "no")),
    );
    expect(results.map(identifierOf).sort()).toEqual(["appeals.already_decided", "fulfilled"]);
  });

  it("refuses a ban that is not the presser's, not a ban, lifted, or too recent", async () => {
    const appeals = t.get(AppealController);
    const { guildId, userId, kase } = await ban();
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => "appealable",
        (e: UserError) => e.identifier,
      );
    expect(await refusal(appeals.appealableBan(guildId, kase.id, snowflake(), 0))).toBe("appeals.not_yours");
    expect(await refusal(appeals.appealableBan(snowflake(), kase.id, userId, 0))).toBe("appeals.not_yours");
    expect(await refusal(appeals.appealableBan(guildId, kase.id, userId, 3600))).toBe("appeals.too_early");
    expect(await refusal(appeals.appealableBan(guildId, kase.id, userId, 0))).toBe("appealable");
    const warn = await makeCase(t.container, { guildId, type: CaseType.Warn, targetId: userId });
    expect(await refusal(appeals.appealableBan(guildId, warn.id, userId, 0))).toBe("appeals.not_a_ban");
    await makeCase(t.container, { guildId, type: CaseType.Unban, targetId: userId });
    expect(await refusal(appeals.appealableBan(guildId, kase.id, userId, 0))).toBe("appeals.lifted");
  });
});
