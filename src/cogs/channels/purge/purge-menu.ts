import {
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type Message,
  type ModalSubmitInteraction,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { validateArguments } from "../../../bot/commands/arguments";
import { messageMenu, type MessageMenuContext, type MessageMenuDefinition } from "../../../bot/commands/menu";
import { guildModalHandler, type GuildComponentContext } from "../../../bot/commands/registration";
import { ComponentSigner } from "../../../bot/component-signer";
import type { HandlerResult } from "../../../bot/interactions/reply";
import { invalid, ValidationError } from "../../../errors/validation-error";
import { menuModal, modalFields, type ModalField } from "../../menus/reason-modal";
import { wholeNumber } from "../../menus/whole-number";
import { requireBotPermissions, targetChannel } from "../channel-access";
import { MAX_PURGE_COUNT } from "../definitions";
import { MemberChannelRights } from "../member-rights";
import { PURGE_BOT_PERMISSIONS, PURGE_MEMBER_PERMISSIONS, PurgeCommandHandler } from "./purge-command";

/** Right-click a message → Apps → "Purge after this": `/purge after:<that message>` in its channel. */
export const PurgeAfterMenu = {
  type: ApplicationCommandType.Message,
  name: "Purge after this",
  default_member_permissions: String(PermissionFlagsBits.ManageMessages),
  contexts: [InteractionContextType.Guild],
} as const satisfies MessageMenuDefinition;

const PREFIX = "menu-purge";
export const DEFAULT_MENU_PURGE_COUNT = 100;
const COUNT_FIELD: ModalField = {
  name: "count",
  label: "menus.count_label",
  long: false,
  maxLength: 4,
  value: String(DEFAULT_MENU_PURGE_COUNT),
};

function purgeCount(text: string, option: string): number {
  const count = wholeNumber(text, option);
  if (count < 1 || count > MAX_PURGE_COUNT) {
    throw invalid(option, "validation.whole_in_range", { min: 1, max: MAX_PURGE_COUNT });
  }
  return count;
}

/**
 * The modal's custom id carries the guild, channel and message, signed; on submit the guild must be the one
 * it is submitted in, the router re-runs /purge's permission check, and the purge re-checks the channel.
 */
@injectable()
export class PurgeMenuHandler {
  readonly menu = messageMenu(PurgeAfterMenu, (context, message) => this.open(context, message), {
    access: "moderator",
    ephemeral: true,
  });
  readonly modal = guildModalHandler(PREFIX, (context, payload) => this.submit(context, payload), {
    checkedAs: ["purge"],
    signed: true,
    ephemeral: true,
  });

  constructor(
    @inject(PurgeCommandHandler) private readonly purge: PurgeCommandHandler,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(MemberChannelRights) private readonly rights: MemberChannelRights,
  ) {}

  private async open(context: MessageMenuContext, message: Message): Promise<HandlerResult> {
    const channel = targetChannel(context, { id: message.channelId });
    requireBotPermissions(context, channel, PURGE_BOT_PERMISSIONS);
    await this.rights.require(context, channel, PURGE_MEMBER_PERMISSIONS);
    const customId = this.signer.sign(`${PREFIX}:${context.guildId}/${channel.id}/${message.id}`);
    return { modal: menuModal(customId, context.t.t("menus.purge_title"), [COUNT_FIELD], context.t) };
  }

  private async submit(context: GuildComponentContext, payload: string): Promise<HandlerResult> {
    const [guildId, channelId, messageId] = payload.split("/");
    if (guildId !== context.guildId || !channelId || !messageId) {
      throw new Error(`a purge modal signed for another guild: ${payload}`);
    }
    const values = modalFields(context.interaction as ModalSubmitInteraction, [COUNT_FIELD]);
    let count: number;
    try {
      count = validateArguments(values, { parse: { count: purgeCount } }).count as number;
    } catch (error) {
      throw error instanceof ValidationError ? error.ofCommand(["purge"]) : error;
    }
    return this.purge.run(context, {
      count,
      channel: { id: channelId },
      after: messageId,
      user: undefined,
      contains: undefined,
      bots: undefined,
      links: undefined,
      attachments: undefined,
      before: undefined,
      transcript: undefined,
    });
  }
}
