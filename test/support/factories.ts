import type { DependencyContainer } from "tsyringe";
import { CaseController, type NewCase, type RepeatedCase } from "../../src/controllers/case-controller";
import { GuildController } from "../../src/controllers/guild-controller";
import { UserController } from "../../src/controllers/user-controller";
import { CaseType, type Case, type Guild, type User } from "../../src/entities";

/** For `CaseController.recordUnlessRepeated`: a case with nothing it could repeat. */
export const neverRepeated: RepeatedCase = () => "repeated AS (SELECT * FROM cases WHERE false)";

let sequence = 0n;
const DISCORD_EPOCH = 1420070400000n;

/** A real-looking Discord snowflake, unique within the test run. */
export function snowflake(): string {
  sequence += 1n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (sequence & 0x3fffffn)).toString();
}

export async function makeGuild(container: DependencyContainer, id = snowflake()): Promise<Guild> {
  return container.resolve(GuildController).ensure(id);
}

export async function makeUser(container: DependencyContainer, name = `user${sequence + 1n}`): Promise<User> {
  const { user } = await container.resolve(UserController).getOrCreateByPlatform({
    platform: "discord",
    platformUserId: snowflake(),
    platformUsername: name,
  });
  return user;
}

export async function makeCase(container: DependencyContainer, input: Partial<NewCase> = {}): Promise<Case> {
  return container.resolve(CaseController).createCase({
    guildId: input.guildId ?? snowflake(),
    type: input.type ?? CaseType.Warn,
    targetId: input.targetId ?? snowflake(),
    ...(input.targetName !== undefined ? { targetName: input.targetName } : {}),
    moderatorId: input.moderatorId ?? snowflake(),
    reason: input.reason ?? "spam",
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    ...(input.refersTo !== undefined ? { refersTo: input.refersTo } : {}),
  });
}
