import type { DependencyContainer } from "tsyringe";
import { AppealController } from "../../src/controllers/appeal-controller";
import { AppealSettingsController } from "../../src/controllers/appeal-settings-controller";
import { CaseType } from "../../src/entities";
import { makeCase, snowflake } from "./factories";

/** Appeal settings, an appeal and its history (submitted, rejected) in the guild, for the backup fixture. */
export async function populateAppeals(container: DependencyContainer, guildId: string): Promise<void> {
  await container.resolve(AppealSettingsController).setChannel(guildId, snowflake());
  const userId = snowflake();
  const ban = await makeCase(container, { guildId, type: CaseType.Ban, targetId: userId });
  const appeals = container.resolve(AppealController);
  const appeal = await appeals.submit(
    { guildId, banCaseId: ban.id, userId, text: 'sorry, "really"\nsorry' },
    ban.number,
  );
  await appeals.reject(guildId, appeal.id, snowflake(), "not yet");
}
