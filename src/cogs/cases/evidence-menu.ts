import {
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type Message,
  type ModalSubmitInteraction,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { validateArguments } from "../../bot/commands/arguments";
import { messageMenu, type MessageMenuDefinition, type MessageMenuContext } from "../../bot/commands/menu";
import { guildModalHandler, type GuildComponentContext } from "../../bot/commands/registration";
import { ComponentSigner } from "../../bot/component-signer";
import type { HandlerResult } from "../../bot/interactions/reply";
import { UserError } from "../../errors/user-error";
import { ValidationError } from "../../errors/validation-error";
import { menuModal, modalFields, NOTE_FIELD, type ModalField } from "../menus/reason-modal";
import { wholeNumber } from "../menus/whole-number";
import { CaseNoteArgs, CaseNumberArgs } from "./arguments";
import { CaseAnnotationCommands } from "./case-annotation-commands";

/** Right-click a message → Apps → "Add as evidence to a case": `/case evidence link:` with its link. */
export const EvidenceMenu = {
  type: ApplicationCommandType.Message,
  name: "Add as evidence to a case",
  default_member_permissions: String(PermissionFlagsBits.ModerateMembers),
  contexts: [InteractionContextType.Guild],
} as const satisfies MessageMenuDefinition;

const PREFIX = "menu-evidence";
const NUMBER_FIELD: ModalField = {
  name: "number",
  label: "menus.case_number_label",
  long: false,
  maxLength: 10,
};
const FIELDS = [NUMBER_FIELD, { ...NOTE_FIELD, optional: true }] as const;

/**
 * The modal's custom id carries the message's guild, channel and id, signed; on submit the guild must be
 * the one it is submitted in, and the router re-runs `/case evidence`'s permission check.
 */
@injectable()
export class EvidenceMenuHandler {
  readonly menu = messageMenu(
    EvidenceMenu,
    (context, message) => Promise.resolve(this.open(context, message)),
    {
      access: "moderator",
      ephemeral: true,
    },
  );
  readonly modal = guildModalHandler(PREFIX, (context, payload) => this.submit(context, payload), {
    checkedAs: ["case", "evidence"],
    signed: true,
    ephemeral: true,
  });

  constructor(
    @inject(CaseAnnotationCommands) private readonly annotations: CaseAnnotationCommands,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  private open(context: MessageMenuContext, message: Message): HandlerResult {
    const customId = this.signer.sign(`${PREFIX}:${context.guildId}/${message.channelId}/${message.id}`);
    return { modal: menuModal(customId, context.t.t("menus.evidence_title"), FIELDS, context.t) };
  }

  private async submit(context: GuildComponentContext, payload: string): Promise<HandlerResult> {
    const [guildId, channelId, messageId] = payload.split("/");
    if (guildId !== context.guildId || !channelId || !messageId)
      throw new UserError("cases.evidence_bad_link");
    const values = modalFields(context.interaction as ModalSubmitInteraction, FIELDS);
    // Left empty (or blank) on Discord: no note.
    const note = values.note?.trim() ? values.note : "";
    let number: number;
    try {
      const args = validateArguments(
        { number: values.number, ...(note === "" ? {} : { text: note }) },
        { parse: { number: wholeNumber }, dto: note === "" ? CaseNumberArgs : CaseNoteArgs },
      );
      number = args.number as number;
    } catch (error) {
      throw error instanceof ValidationError ? error.ofCommand(["case", "evidence"]) : error;
    }
    const link = `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
    const added = await this.annotations.evidence(context, number, undefined, link);
    if (note === "") return added;
    const noted = await this.annotations.note(context, number, note);
    return { content: `${added.content ?? ""}\n${noted.content ?? ""}` };
  }
}
