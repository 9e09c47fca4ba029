import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  type Client,
  type Guild,
  type ModalSubmitInteraction,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import type { ComponentContext } from "../../bot/commands/registration";
import { ComponentSigner } from "../../bot/component-signer";
import type { HandlerResult, Reply } from "../../bot/interactions/reply";
import { modalText } from "../../bot/text-input";
import { AppealController } from "../../controllers/appeal-controller";
import { AppealSettingsController } from "../../controllers/appeal-settings-controller";
import { MAX_APPEAL_LENGTH } from "../../entities/appeal";
import { UserError } from "../../errors/user-error";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { menuModal } from "../menus/reason-modal";
import { isGone } from "../moderation/discord-failure";
import { APPEAL_FORM_PREFIX, parseAppealPayload } from "./appeal-invitations";
import { AppealPoster } from "./appeal-poster";

const TEXT_FIELD = {
  name: "reason",
  label: "appeals.text_label",
  long: true,
  maxLength: MAX_APPEAL_LENGTH,
} as const;

interface Appealable {
  guild: Guild;
  channelId: string;
  banCaseId: number;
  banNumber: number;
}

/**
 * The banned member's side, in their DMs (no guild): the Appeal button opens the form, the form stores the
 * appeal and posts it for the moderators (retried in the background when that fails). Both re-check everything: whoever presses must be the ban's
 * target, the ban still in force (in Warden's cases and on Discord), the delay passed, no appeal yet.
 */
@injectable()
export class AppealSubmissions {
  constructor(
    @inject(AppealSettingsController) private readonly settings: AppealSettingsController,
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(AppealPoster) private readonly poster: AppealPoster,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async open(context: ComponentContext, payload: string): Promise<HandlerResult> {
    const { guild } = await this.appealable(context, payload);
    const customId = this.signer.sign(`${APPEAL_FORM_PREFIX}:${payload}`);
    const title = context.t.t("appeals.modal_title", { guild: guild.name });
    return { modal: menuModal(customId, title, [TEXT_FIELD], context.t) };
  }

  async submit(context: ComponentContext, payload: string): Promise<Reply> {
    const checked = await this.appealable(context, payload);
    const text = modalText(context.interaction as ModalSubmitInteraction, TEXT_FIELD.name);
    const appeal = await this.appeals.submit(
      { guildId: checked.guild.id, banCaseId: checked.banCaseId, userId: context.user.id, text },
      checked.banNumber,
    );
    // Received either way: a post that fails is retried in the background (AppealPostRetries).
    await this.poster.post(checked.guild, appeal, checked.channelId).catch((error: unknown) => {
      this.logger.warn({ err: error, appealId: appeal.id }, "an appeal's post is left to the retry job");
    });
    return { content: context.t.t("appeals.sent", { guild: checked.guild.name }), ephemeral: true };
  }

  private async appealable(context: ComponentContext, payload: string): Promise<Appealable> {
    const target = parseAppealPayload(payload);
    if (!target) throw new UserError("common.no_longer_works");
    const guild = await guildOf(context.interaction.client, target.guildId);
    const settings = await this.settings.of(guild.id);
    if (!settings?.channelId) throw new UserError("appeals.off");
    const userId = context.user.id;
    const ban = await this.appeals.appealableBan(guild.id, target.banCaseId, userId, settings.delaySeconds);
    await requireBanned(guild, userId, ban.number);
    return { guild, channelId: settings.channelId, banCaseId: target.banCaseId, banNumber: ban.number };
  }
}

/** Discord's word on the ban: lifted there (by anyone) means nothing to appeal. */
async function requireBanned(guild: Guild, userId: string, banNumber: number): Promise<void> {
  try {
    await guild.bans.fetch({ user: userId, force: true });
  } catch (error) {
    if (isGone(error, RESTJSONErrorCodes.UnknownBan))
      throw new UserError("appeals.lifted", { number: banNumber });
    throw error;
  }
}

/**
 * The guild, also when another process's shard holds it (DM interactions all reach shard 0): then read
 * from Discord and not cached, so this process never takes on a guild of another shard.
 */
async function guildOf(client: Client, guildId: string): Promise<Guild> {
  const cached = client.guilds.cache.get(guildId);
  if (cached) return cached;
  try {
    return await client.guilds.fetch({ guild: guildId, cache: false, withCounts: false });
  } catch (error) {
    if (error instanceof DiscordAPIError && [403, 404].includes(error.status))
      throw new UserError("appeals.guild_gone");
    throw error;
  }
}
