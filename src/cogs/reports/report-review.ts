import type { ModalSubmitInteraction } from "discord.js";
import { inject, injectable } from "tsyringe";
import { validateArguments } from "../../bot/commands/arguments";
import {
  guildComponentHandler,
  guildModalHandler,
  type ComponentRegistration,
  type GuildComponentContext,
} from "../../bot/commands/registration";
import { ComponentSigner } from "../../bot/component-signer";
import type { HandlerResult, Reply } from "../../bot/interactions/reply";
import { shorten } from "../../bot/shorten";
import { CLOSE_FROM, ReportController } from "../../controllers/report-controller";
import { MAX_REASON_LENGTH } from "../../entities/case";
import { MAX_REPORT_REASON_LENGTH } from "../../entities/report";
import { UserError } from "../../errors/user-error";
import { ValidationError } from "../../errors/validation-error";
import { menuModal, modalFields, REASON_FIELD, type ModalField } from "../menus/reason-modal";
import { outcomeText } from "../moderation/notices";
import { REPORT_ACTIONS, type ReportAction } from "./report-actions";
import { ReportActioning } from "./report-actioning";
import { REPORT_BUTTONS } from "./report-embed";
import { ReportCloser, handledAlready } from "./report-closer";

const REPORT_ID = /^\d{1,9}$/;
const REVIEW = { checkedAs: ["reports", "list"] as const, signed: true, ephemeral: true };
const DISMISS_MODAL = "rpt-dismiss-m";
/** A dismissal's reason is kept with the report: the modal offers no more than it can hold. */
const DISMISS_REASON_FIELD: ModalField = { ...REASON_FIELD, maxLength: MAX_REPORT_REASON_LENGTH };
const actionModal = (action: ReportAction) => `${REPORT_BUTTONS[action.button]}-m`;

/** The report id a custom id carries (nothing else is read from it; the guard checks who pressed). */
function reportId(payload: string): number {
  if (!REPORT_ID.test(payload)) throw new UserError("common.no_longer_works");
  return Number(payload);
}

/**
 * The moderators' buttons on a queue post: Acknowledge, Warn / Timeout / Ban (the members' menus' action flow,
 * the case linked to the report in the same transaction) and Dismiss. Every press and submit re-runs the
 * guard, re-reads the report in this guild, and changes it only by a conditional update.
 */
@injectable()
export class ReportReview {
  readonly components: readonly ComponentRegistration[] = [
    guildComponentHandler(
      REPORT_BUTTONS.acknowledge,
      (context, payload) => this.acknowledge(context, payload),
      REVIEW,
    ),
    guildComponentHandler(
      REPORT_BUTTONS.dismiss,
      (context, payload) => this.openDismiss(context, payload),
      REVIEW,
    ),
    guildModalHandler(DISMISS_MODAL, (context, payload) => this.dismiss(context, payload), REVIEW),
    ...REPORT_ACTIONS.flatMap((action) => {
      const policy = { checkedAs: [action.command] as const, signed: true, ephemeral: true };
      return [
        guildComponentHandler(
          REPORT_BUTTONS[action.button],
          (context, payload) => this.openAction(context, payload, action),
          policy,
        ),
        guildModalHandler(
          actionModal(action),
          (context, payload) => this.act(context, payload, action),
          policy,
        ),
      ];
    }),
  ];

  constructor(
    @inject(ReportController) private readonly reports: ReportController,
    @inject(ReportActioning) private readonly actioning: ReportActioning,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(ReportCloser) private readonly closer: ReportCloser,
  ) {}

  private async acknowledge(context: GuildComponentContext, payload: string): Promise<Reply> {
    const id = reportId(payload);
    const result = await this.reports.transition(context.guildId, id, {
      to: "acknowledged",
      from: ["open"],
      actorId: context.user.id,
    });
    if (!result.changed) throw handledAlready(result.report);
    await this.closer.changed(context.guild.client, result.report);
    return { content: context.t.t("reports.acknowledged", { id }) };
  }

  private async openDismiss(context: GuildComponentContext, payload: string): Promise<HandlerResult> {
    const report = await this.actioning.actionable(context.guildId, reportId(payload));
    const customId = this.signer.sign(`${DISMISS_MODAL}:${report.id}`);
    const title = context.t.t("reports.dismiss_title", { id: report.id });
    return { modal: menuModal(customId, title, [DISMISS_REASON_FIELD], context.t) };
  }

  private async dismiss(context: GuildComponentContext, payload: string): Promise<Reply> {
    const id = reportId(payload);
    const { reason } = modalFields(context.interaction as ModalSubmitInteraction, [DISMISS_REASON_FIELD]);
    const result = await this.reports.transition(context.guildId, id, {
      to: "dismissed",
      from: CLOSE_FROM,
      actorId: context.user.id,
      note: reason ?? null,
    });
    if (!result.changed) throw handledAlready(result.report);
    await this.closer.changed(context.guild.client, result.report);
    return { content: context.t.t("reports.dismissed", { id }) };
  }

  private async openAction(
    context: GuildComponentContext,
    payload: string,
    action: ReportAction,
  ): Promise<HandlerResult> {
    const report = await this.actioning.actionable(context.guildId, reportId(payload));
    const target = await context.guild.client.users.fetch(report.targetId);
    const customId = this.signer.sign(`${actionModal(action)}:${report.id}`);
    const reason = shorten(`Report #${report.id}: ${report.reason}`, MAX_REASON_LENGTH);
    const fields = action.fields.map((field) =>
      field.name === "reason" ? { ...field, value: reason } : field,
    );
    const title = context.t.t(action.title, { target: target.username });
    return { modal: menuModal(customId, title, fields, context.t) };
  }

  private async act(context: GuildComponentContext, payload: string, action: ReportAction): Promise<Reply> {
    const id = reportId(payload);
    const values = modalFields(context.interaction as ModalSubmitInteraction, action.fields);
    let args: Record<string, unknown>;
    try {
      args = validateArguments(values, action.validation);
    } catch (error) {
      throw error instanceof ValidationError ? error.ofCommand([action.command]) : error;
    }
    const done = await this.actioning.act(context.guild, context.member, id, action, args);
    const content = outcomeText(done.outcome, done.targetName, context.t);
    if (done.report.status !== "actioned") return { content };
    const note = context.t.t("reports.actioned", { id, case: done.report.caseNumber ?? "?" });
    return { content: `${content}\n${note}` };
  }
}
