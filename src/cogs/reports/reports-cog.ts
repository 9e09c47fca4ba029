import { PermissionFlagsBits, type Message, type ModalSubmitInteraction } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { messageMenu, type MenuRegistration, type MessageMenuContext } from "../../bot/commands/menu";
import {
  guildModalHandler,
  slashCommand,
  type ComponentRegistration,
  type GuildComponentContext,
} from "../../bot/commands/registration";
import { ComponentSigner } from "../../bot/component-signer";
import type { HandlerResult, Reply } from "../../bot/interactions/reply";
import { ReportSettingController } from "../../controllers/report-setting-controller";
import { UserError } from "../../errors/user-error";
import { menuModal, modalFields, type ModalField } from "../menus/reason-modal";
import { missingPermissions, modLogChannelState } from "../config/mod-log-channel";
import { MAX_REPORT_REASON_LENGTH } from "../../entities/report";
import { ReportCommand, ReportMenu, ReportsCommand } from "./definitions";
import { evidenceOf, linkedEvidence, messageLink } from "./report-evidence";
import { ReportFiling } from "./report-filing";
import { ReportList } from "./report-list";
import { ReportReview } from "./report-review";

const MENU_MODAL = "rpt-menu";
const REPORT_REASON: ModalField = {
  name: "reason",
  label: "menus.reason_label",
  long: true,
  maxLength: MAX_REPORT_REASON_LENGTH,
};
const SNOWFLAKE = /^\d{17,20}$/;
const moderators = {
  access: "moderator",
  memberPermissions: PermissionFlagsBits.ModerateMembers,
  ephemeral: true,
} as const;
/** A setting, like `/appeals channel`: Manage Server (or Administrator), never a moderator role alone. */
const managers = { memberPermissions: PermissionFlagsBits.ManageGuild, ephemeral: true } as const;

/**
 * Member reports: `/report` and the "Report" message menu for every member, and for the moderators the queue
 * in the reports channel (its buttons), `/reports channel|list|block|unblock`.
 */
@injectable()
export class ReportsCog implements Cog {
  readonly name = "reports";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      ReportCommand,
      async (context, { user, reason, message }) => {
        const evidence = message ? await linkedEvidence(context.member, message, user.user.id) : null;
        return this.filing.file(context, user, reason, evidence);
      },
      { ephemeral: true },
    ),
    slashCommand(ReportsCommand, {
      channel: {
        ...managers,
        run: async (context, { channel }) => {
          const state = await modLogChannelState(context.guild, channel.id);
          if (state.kind === "no-permission") {
            const missing = missingPermissions(state.missing, context.t);
            throw new UserError("reports.channel_unusable", { channel: `<#${channel.id}>`, missing });
          }
          await this.settings.setChannel(context.guildId, channel.id);
          return { content: context.t.t("reports.channel_set", { channel: `<#${channel.id}>` }) };
        },
      },
      list: { ...moderators, run: (context, { status }) => this.list.first(context, status ?? null) },
      block: {
        ...moderators,
        run: async (context, { member }) => {
          const done = await this.settings.block(context.guildId, member.user.id, context.user.id);
          const id = done ? "reports.block_done" : "reports.block_already";
          return { content: context.t.t(id, { target: member.user.username }) };
        },
      },
      unblock: {
        ...moderators,
        run: async (context, { member }) => {
          const done = await this.settings.unblock(context.guildId, member.user.id);
          const id = done ? "reports.unblock_done" : "reports.unblock_already";
          return { content: context.t.t(id, { target: member.user.username }) };
        },
      },
    }),
  ];
  readonly menus: readonly MenuRegistration[] = [
    messageMenu(ReportMenu, (context, message) => Promise.resolve(this.openMenu(context, message)), {
      ephemeral: true,
    }),
  ];
  readonly components: readonly ComponentRegistration[];

  constructor(
    @inject(ReportFiling) private readonly filing: ReportFiling,
    @inject(ReportSettingController) private readonly settings: ReportSettingController,
    @inject(ReportList) private readonly list: ReportList,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(ReportReview) review: ReportReview,
  ) {
    this.components = [
      guildModalHandler(MENU_MODAL, (context, payload) => this.submitMenu(context, payload), {
        checkedAs: ["report"],
        signed: true,
        ephemeral: true,
      }),
      this.list.pager.component,
      ...review.components,
    ];
  }

  /** The modal for the reason; its custom id carries the message's author, channel and id (signed). */
  private openMenu(context: MessageMenuContext, message: Message): HandlerResult {
    const customId = this.signer.sign(
      `${MENU_MODAL}:${message.author.id}/${message.channelId}/${message.id}`,
    );
    const title = context.t.t("reports.menu_title", { target: message.author.username });
    return { modal: menuModal(customId, title, [REPORT_REASON], context.t) };
  }

  private async submitMenu(context: GuildComponentContext, payload: string): Promise<Reply> {
    const [authorId, channelId, messageId] = payload.split("/");
    if (
      !authorId ||
      !channelId ||
      !messageId ||
      ![authorId, channelId, messageId].every((id) => SNOWFLAKE.test(id))
    ) {
      throw new UserError("common.no_longer_works");
    }
    const { reason } = modalFields(context.interaction as ModalSubmitInteraction, [REPORT_REASON]);
    const client = context.guild.client;
    const message = await this.fetchMessage(context, channelId, messageId);
    const evidence = message
      ? evidenceOf(message, context.guildId)
      : { link: messageLink(context.guildId, channelId, messageId), content: null };
    const user = message?.author ?? (await client.users.fetch(authorId));
    const member = await context.guild.members.fetch({ user: user.id }).catch(() => null);
    return this.filing.file(context, { user, member }, reason ?? "", evidence);
  }

  /** The reported message as it is now, or null when it is gone or out of Warden's sight. */
  private async fetchMessage(context: GuildComponentContext, channelId: string, messageId: string) {
    const channel = await context.guild.channels.fetch(channelId).catch(() => null);
    if (!channel?.isTextBased()) return null;
    return channel.messages.fetch(messageId).catch(() => null);
  }
}
