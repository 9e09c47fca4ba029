import { RESTJSONErrorCodes, type Client, type Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import { AppealController } from "../../controllers/appeal-controller";
import { CaseController } from "../../controllers/case-controller";
import type { Appeal } from "../../entities/appeal";
import { chooseLocale } from "../../i18n/locales";
import { translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { isGone } from "../moderation/discord-failure";
import { appealEmbed, decisionButtons } from "./appeal-post";

/** The appeals channel set is no guild text channel any more (deleted, or changed type). */
class ChannelGone extends Error {}

/**
 * Posts an appeal for the moderators, right after it is sent and again from the retry job. A post that
 * fails is retried later (backing off); a deleted appeals channel is logged once and the appeal waits for
 * `/appeals channel` to name a new one, never retried in a loop.
 */
@injectable()
export class AppealPoster {
  constructor(
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /**
   * Whether it was posted; every failure is settled on the appeal (retry or wait) and logged. A `retry`
   * first looks for a post an earlier attempt made but never recorded (Discord's answer lost), so an
   * appeal is posted once.
   */
  async post(guild: Guild, appeal: Appeal, channelId: string | null, retry = false): Promise<boolean> {
    const where = { appealId: appeal.id, guildId: guild.id, channelId };
    try {
      if (!channelId) throw new ChannelGone();
      const t = translator(chooseLocale(guild.preferredLocale));
      const ban = await this.cases.reload({ guildId: appeal.guildId, id: appeal.banCaseId });
      if (!ban) throw new Error(`ban case ${String(appeal.banCaseId)} is gone`);
      const counts = await this.cases.countsByType(guild.id, appeal.userId);
      const channel = await fetchSendable(guild.client, channelId);
      const embed = appealEmbed(appeal, ban, counts, t);
      const earlier = retry ? await earlierPost(channel, embed.title) : undefined;
      const message =
        earlier ??
        (await channel.send({
          embeds: [embed],
          components: [decisionButtons(appeal.id, (id) => this.signer.sign(id), t)],
          allowedMentions: { parse: [] },
        }));
      await this.appeals.posted(appeal.id, channelId, message.id);
      return true;
    } catch (error) {
      if (error instanceof ChannelGone || isGone(error, RESTJSONErrorCodes.UnknownChannel)) {
        await this.appeals.waitForChannel(appeal.id);
        this.logger.warn(where, "the appeals channel is gone: the appeal waits for /appeals channel");
        return false;
      }
      const next = await this.appeals.postFailed(appeal.id);
      this.logger.warn({ err: error, ...where, next }, "could not post an appeal; it is tried again later");
      return false;
    }
  }
}

/** How far back a retry looks for a post of the same appeal. */
const LOOK_BACK = 50;

/** Warden's own recent post titled `title` in the channel, if any. */
async function earlierPost(channel: SendableGuildChannel, title: string | undefined) {
  const recent = await channel.messages.fetch({ limit: LOOK_BACK, cache: false });
  const mine = channel.client.user.id;
  return recent.find((message) => message.author.id === mine && message.embeds[0]?.title === title);
}

type SendableGuildChannel = Awaited<ReturnType<typeof fetchSendable>>;

/** A guild text channel, fetched without caching (its guild may belong to another process's shard). */
export async function fetchSendable(client: Client, channelId: string) {
  const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true, cache: false });
  if (!channel?.isSendable() || channel.isDMBased()) throw new ChannelGone();
  return channel;
}
