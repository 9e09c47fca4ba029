import type { Guild, GuildMember, ModalSubmitInteraction } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { GuildComponentContext } from "../../bot/commands/registration";
import { ComponentSigner } from "../../bot/component-signer";
import type { HandlerResult, Reply } from "../../bot/interactions/reply";
import { modalText } from "../../bot/text-input";
import { AppealController } from "../../controllers/appeal-controller";
import { CaseController } from "../../controllers/case-controller";
import { UserPreferenceController } from "../../controllers/user-preference-controller";
import { MAX_DECISION_LENGTH, type Appeal } from "../../entities/appeal";
import { CaseType, type Case } from "../../entities";
import { UserError } from "../../errors/user-error";
import { chooseLocale } from "../../i18n/locales";
import type { MessageId } from "../../i18n/resources";
import { translator, type Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { menuModal } from "../menus/reason-modal";
import { ModerationActions } from "../moderation/moderation-actions";
import { repeatedAction } from "../moderation/notices";
import { resolveUnbanTarget } from "../moderation/unban-target";
import { appealEmbed, REJECT_FORM_PREFIX } from "./appeal-post";
import { fetchSendable } from "./appeal-poster";

const REASON_FIELD = {
  name: "reason",
  label: "appeals.reject_reason_label",
  long: true,
  maxLength: MAX_DECISION_LENGTH,
} as const;

export interface AcceptedAppeal {
  appeal: Appeal;
  targetName: string;
  /** The Unban case's number. */
  number: number;
}

function appealId(payload: string): number {
  if (!/^\d{1,10}$/.test(payload)) throw new UserError("common.no_longer_works");
  return Number(payload);
}

/**
 * The moderators' side: Accept unbans through the same path as /unban (an Unban case referring to the ban,
 * the appeal marked accepted in the transaction that records it, so of two moderators one wins), Reject
 * records a reason. Either way the member is told by DM and the appeals-channel post shows the outcome.
 */
@injectable()
export class AppealDecisions {
  constructor(
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModerationActions) private readonly actions: ModerationActions,
    @inject(UserPreferenceController) private readonly preferences: UserPreferenceController,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async accept(context: GuildComponentContext, payload: string): Promise<Reply> {
    const done = await this.acceptAs(context.guild, context.member, appealId(payload));
    return {
      content: context.t.t("appeals.accepted", {
        id: done.appeal.id,
        target: done.targetName,
        number: done.number,
      }),
    };
  }

  /**
   * Accepts appeal `id` as `moderator` (whom the caller checked may unban): the Discord button and the
   * dashboard both come here.
   */
  async acceptAs(guild: Guild, moderator: GuildMember, id: number): Promise<AcceptedAppeal> {
    const appeal = await this.openAppeal(guild.id, id);
    const ban = await this.banOf(appeal);
    // Refuses "not banned" (Discord's 404) before any case: the appeal stays open.
    const target = await resolveUnbanTarget(guild, appeal.userId);
    const guildT = translator(chooseLocale(guild.preferredLocale));
    const alongside = this.appeals.acceptAlongside(appeal, moderator.id);
    // Refused or never carried out, the Unban case is voided and the appeal reopened with it (VoidedActionLinks).
    const outcome = await this.actions.run({
      guild,
      actor: moderator,
      target: target.user,
      targetMember: null,
      type: CaseType.Unban,
      reason: guildT.t("appeals.unban_reason", { id: appeal.id }),
      notify: false,
      refersTo: ban.number,
      alongside,
      perform: (audit) => guild.members.unban(appeal.userId, audit).then(() => undefined),
    });
    if ("repeatOf" in outcome) throw repeatedAction(outcome.repeatOf, target.user.username);
    const number = outcome.kase.number;
    const decidedAppeal = { ...appeal, status: "accepted" as const };
    await this.tell(guild, appeal.userId, "appeals.dm_accepted", {});
    await this.editPost(
      guild,
      decidedAppeal,
      guildT.t("appeals.outcome_accepted", { moderator: `<@${moderator.id}>`, number }),
    );
    return { appeal: decidedAppeal, targetName: target.user.username, number };
  }

  async openReject(context: GuildComponentContext, payload: string): Promise<HandlerResult> {
    const appeal = await this.openAppeal(context.guild.id, appealId(payload));
    const customId = this.signer.sign(`${REJECT_FORM_PREFIX}:${String(appeal.id)}`);
    const title = context.t.t("appeals.reject_title", { id: appeal.id });
    return { modal: menuModal(customId, title, [REASON_FIELD], context.t) };
  }

  async reject(context: GuildComponentContext, payload: string): Promise<Reply> {
    const reason = modalText(context.interaction as ModalSubmitInteraction, REASON_FIELD.name);
    const appeal = await this.rejectAs(context.guild, context.member.id, appealId(payload), reason);
    return { content: context.t.t("appeals.rejected", { id: appeal.id }) };
  }

  /** Rejects appeal `id` as `moderatorId` (checked by the caller): the Discord form and the dashboard. */
  async rejectAs(guild: Guild, moderatorId: string, id: number, reason: string): Promise<Appeal> {
    const appeal = await this.appeals.reject(guild.id, id, moderatorId, reason);
    const guildT = translator(chooseLocale(guild.preferredLocale));
    await this.tell(guild, appeal.userId, "appeals.dm_rejected", { reason });
    await this.editPost(
      guild,
      appeal,
      guildT.t("appeals.outcome_rejected", { moderator: `<@${moderatorId}>`, reason }),
    );
    return appeal;
  }

  private async banOf(appeal: Appeal): Promise<Case> {
    const ban = await this.cases.reload({ guildId: appeal.guildId, id: appeal.banCaseId });
    if (!ban) throw new UserError("common.no_longer_works");
    return ban;
  }

  private async openAppeal(guildId: string, id: number): Promise<Appeal> {
    const appeal = await this.appeals.inGuild(guildId, id);
    if (appeal.status !== "open") throw new UserError("appeals.already_decided", { status: appeal.status });
    return appeal;
  }

  /** The member hears the outcome by DM, in their language; closed DMs are logged, never an error. */
  private async tell(
    guild: Guild,
    userId: string,
    id: "appeals.dm_accepted" | "appeals.dm_rejected",
    values: { reason?: string },
  ): Promise<void> {
    try {
      const language = (await this.preferences.of(userId)).language;
      const t: Translator = translator(chooseLocale(language, guild.preferredLocale));
      const user = await guild.client.users.fetch(userId);
      await user.send({
        content: t.t(id satisfies MessageId, { guild: guild.name, ...values }),
        allowedMentions: { parse: [] },
      });
    } catch (error) {
      this.logger.info(
        { err: error, userId, guildId: guild.id },
        "could not tell the member of their appeal's outcome",
      );
    }
  }

  private async editPost(guild: Guild, appeal: Appeal, outcome: string): Promise<void> {
    if (!appeal.channelId || !appeal.messageId) return;
    try {
      const t = translator(chooseLocale(guild.preferredLocale));
      const ban = await this.banOf(appeal);
      const counts = await this.cases.countsByType(guild.id, appeal.userId);
      const channel = await fetchSendable(guild.client, appeal.channelId);
      await channel.messages.edit(appeal.messageId, {
        embeds: [appealEmbed(appeal, ban, counts, t, outcome)],
        components: [],
      });
    } catch (error) {
      this.logger.warn({ err: error, appealId: appeal.id }, "could not show an appeal's outcome on its post");
    }
  }
}
