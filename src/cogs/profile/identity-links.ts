import type { User } from "discord.js";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { UserController } from "../../controllers/user-controller";
import type { User as WardenUser } from "../../entities";
import { UserError } from "../../errors/user-error";

const PLATFORM = /^[a-z][a-z0-9_-]{0,31}$/;
const HANDLE = /^[^\s@<>]{1,64}$/;

/** Links to accounts on other platforms: stored only, nothing is called on those platforms. */
export class IdentityLinks {
  constructor(private readonly users: UserController) {}

  async link(context: GuildCommandContext, rawPlatform: string, rawHandle: string): Promise<Reply> {
    const platform = platformName(rawPlatform);
    const handle = rawHandle.trim().replace(/^@/, "");
    if (!HANDLE.test(handle)) throw new UserError("profile.bad_handle");
    const user = await this.wardenUser(context.user);
    await this.users.linkOncePerPlatform(user.id, {
      platform,
      platformUserId: handle.toLowerCase(),
      platformUsername: handle,
    });
    return { content: context.t.t("profile.linked", { platform, handle }) };
  }

  async unlink(context: GuildCommandContext, rawPlatform: string): Promise<Reply> {
    const platform = platformName(rawPlatform);
    const user = await this.wardenUser(context.user);
    const identity = await this.users.unlinkPlatform(user.id, platform);
    return { content: context.t.t("profile.unlinked", { platform, handle: identity.platformUsername }) };
  }

  private async wardenUser(author: User): Promise<WardenUser> {
    const { user } = await this.users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: author.id,
      platformUsername: author.username,
      displayName: author.globalName,
    });
    return user;
  }
}

function platformName(raw: string): string {
  const platform = raw.trim().toLowerCase();
  if (!PLATFORM.test(platform)) throw new UserError("profile.bad_platform");
  if (platform === "discord") throw new UserError("profile.discord_platform");
  return platform;
}
