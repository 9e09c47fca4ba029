import type { WardenApp } from "../../../src/app";
import { ComponentSigner } from "../../../src/bot/component-signer";
import { AppealController } from "../../../src/controllers/appeal-controller";
import { AppealSettingsController } from "../../../src/controllers/appeal-settings-controller";
import { CaseType } from "../../../src/entities";
import type { DiscordSimulator, SimGuild } from "../../../simulator";
import { makeCase } from "../factories";

/** What the appeal components of a matrix guild name: a ban to appeal, and open appeals to accept and reject. */
export interface AppealFixture {
  guildId: string;
  banCaseId: number;
  acceptAppealId: number;
  rejectAppealId: number;
}

/** A member banned (on Discord and by a case) with an open appeal, in a guild that takes appeals. */
async function appellant(
  app: WardenApp,
  sim: DiscordSimulator,
  guild: SimGuild,
  adminId: string,
  name: string,
) {
  const user = sim.createUser({ username: name });
  guild.bans.set(user.id, { userId: user.id, reason: "matrix" });
  const ban = await makeCase(app.container, {
    guildId: guild.id,
    type: CaseType.Ban,
    targetId: user.id,
    moderatorId: adminId,
  });
  const appeal = await app.container
    .resolve(AppealController)
    .submit({ guildId: guild.id, banCaseId: ban.id, userId: user.id, text: "matrix" }, ban.number);
  return { banCaseId: ban.id, appealId: appeal.id };
}

export async function appealFixture(
  app: WardenApp,
  sim: DiscordSimulator,
  guild: SimGuild,
  adminId: string,
): Promise<AppealFixture> {
  await app.container.resolve(AppealSettingsController).setChannel(guild.id, guild.firstTextChannel().id);
  const accepted = await appellant(app, sim, guild, adminId, "appellant1");
  const rejected = await appellant(app, sim, guild, adminId, "appellant2");
  // A ban with no appeal yet: the Appeal button's and form's own.
  const fresh = await makeCase(app.container, {
    guildId: guild.id,
    type: CaseType.Ban,
    targetId: sim.createUser({ username: "appellant3" }).id,
    moderatorId: adminId,
  });
  return {
    guildId: guild.id,
    banCaseId: fresh.id,
    acceptAppealId: accepted.appealId,
    rejectAppealId: rejected.appealId,
  };
}

export function signed(app: WardenApp, customId: string): string {
  return app.container.resolve(ComponentSigner).sign(customId);
}
