import type { CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { UserController } from "../../controllers/user-controller";
import { ConflictError } from "../../errors/database-errors";
import type { User as WardenUser } from "../../entities";
import { LegacyUserError } from "../../errors/user-error";

const PLATFORM = /^[a-z][a-z0-9_-]{0,31}$/;
const HANDLE = /^[^\s@<>]{1,64}$/;

/** Links to accounts on other platforms: stored only, nothing is called on those platforms. */
export class IdentityLinks {
  constructor(private readonly users: UserController) {}

  async link(context: CommandContext, rawPlatform: string, rawHandle: string): Promise<Reply> {
    const platform = platformName(rawPlatform);
    const handle = rawHandle.trim().replace(/^@/, "");
    if (!HANDLE.test(handle)) {
      throw new LegacyUserError(
        "BadHandle",
        "A handle is 1 to 64 characters, without spaces, `@`, `<` or `>`.",
      );
    }
    const user = await this.discordUser(context);
    try {
      // Checked and linked under the user's row lock: a burst of /link still links one account per platform.
      await this.users.transaction(async () => {
        await this.users.lock(user.id);
        const existing = (await this.users.identities(user.id)).find(
          (identity) => identity.platform === platform,
        );
        if (existing) {
          throw new LegacyUserError(
            "AlreadyLinked",
            `You already linked ${platform} account ${existing.platformUsername}; use /unlink ${platform} first.`,
          );
        }
        await this.users.linkIdentity(user.id, {
          platform,
          platformUserId: handle.toLowerCase(),
          platformUsername: handle,
        });
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new LegacyUserError(
        "LinkedElsewhere",
        `That ${platform} account is already linked to someone else.`,
      );
    }
    return { content: `Linked ${platform} account ${handle} to your profile.` };
  }

  async unlink(context: CommandContext, rawPlatform: string): Promise<Reply> {
    const platform = platformName(rawPlatform);
    const user = await this.discordUser(context);
    const identity = (await this.users.identities(user.id)).find((linked) => linked.platform === platform);
    if (!identity) throw new LegacyUserError("NotLinked", `You have no ${platform} account linked.`);
    await this.users.unlinkIdentity(user.id, platform, identity.platformUserId);
    return { content: `Unlinked ${platform} account ${identity.platformUsername}.` };
  }

  private async discordUser(context: CommandContext): Promise<WardenUser> {
    const author = context.interaction.user;
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
  if (!PLATFORM.test(platform)) {
    throw new LegacyUserError(
      "BadPlatform",
      "A platform name is a word of letters, digits, `-` or `_`, e.g. twitch.",
    );
  }
  if (platform === "discord") {
    throw new LegacyUserError(
      "DiscordPlatform",
      "Your Discord account is already yours; link other platforms.",
    );
  }
  return platform;
}
