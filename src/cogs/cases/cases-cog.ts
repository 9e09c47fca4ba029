import { PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { type ComponentRegistration, slashCommand } from "../../bot/commands/registration";
import type { MenuRegistration } from "../../bot/commands/menu";
import { CaseEvidenceArgs, CaseLinkArgs, CaseNoteArgs, CaseNumberArgs, CaseReasonArgs } from "./arguments";
import { CaseAnnotationCommands } from "./case-annotation-commands";
import { CaseArchiveCommands } from "./case-archive-commands";
import { CaseAutocomplete } from "./case-autocomplete";
import { CaseCommands } from "./case-commands";
import { CaseDuration } from "./case-duration";
import { durationOption } from "../../bot/duration";
import { MAX_TEMPBAN_MS } from "../moderation/arguments";
import { CaseList } from "./case-list";
import { CaseCommand, CasesCommand, HistoryCommand } from "./definitions";
import { MemberHistory } from "./member-history";
import { sinceOption } from "./since-option";
import { EvidenceMenuHandler } from "./evidence-menu";

const moderators = { access: "moderator" } as const;

/**
 * Case management for moderators: `/case show|reason|delete|link`, `/cases list|export|import`, `/history`,
 * and the message menu "Add as evidence to a case".
 */
@injectable()
export class CasesCog implements Cog {
  readonly name = "cases";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      CaseCommand,
      {
        show: {
          dto: CaseNumberArgs,
          run: (context, { number }) => this.caseCommands.show(context, number),
        },
        reason: {
          dto: CaseReasonArgs,
          run: (context, { number, reason }) => this.caseCommands.reason(context, number, reason),
        },
        delete: {
          dto: CaseReasonArgs,
          run: (context, { number, reason }) => this.caseCommands.delete(context, number, reason),
        },
        duration: {
          dto: CaseNumberArgs,
          run: (context, { number, duration }) => this.duration.change(context, number, duration),
        },
        note: {
          dto: CaseNoteArgs,
          run: (context, { number, text }) => this.annotations.note(context, number, text),
        },
        evidence: {
          dto: CaseEvidenceArgs,
          run: (context, { number, attachment, link }) =>
            this.annotations.evidence(context, number, attachment, link),
        },
        link: {
          dto: CaseLinkArgs,
          run: (context, { number, refers_to }) => this.caseCommands.link(context, number, refers_to),
        },
      },
      {
        ...moderators,
        ephemeral: true,
        autocomplete: (interaction, focused) => this.autocomplete.suggest(interaction, focused.value),
        parse: { duration: durationOption(MAX_TEMPBAN_MS) },
      },
    ),
    slashCommand(
      CasesCommand,
      {
        list: (context, { user, moderator, type }) =>
          this.list.first(context, {
            ...(user ? { targetId: user.user.id } : {}),
            ...(moderator ? { moderatorId: moderator.user.id } : {}),
            ...(type ? { type } : {}),
          }),
        export: (context, { format, user, since }) =>
          this.archive.export(context, format, {
            ...(user ? { targetId: user.user.id } : {}),
            ...(since ? { since } : {}),
          }),
        // The owner or an Administrator only: an import writes a whole history of cases at once.
        import: {
          access: "everyone",
          memberPermissions: PermissionFlagsBits.Administrator,
          run: (context, { file }) => this.archive.import(context, file),
        },
      },
      { ...moderators, ephemeral: true, parse: { since: sinceOption() } },
    ),
    slashCommand(
      HistoryCommand,
      (context, { user }) => this.history.of(context.guildId, user.user.id, context.t),
      {
        ...moderators,
        ephemeral: true,
      },
    ),
  ];
  get menus(): readonly MenuRegistration[] {
    return [this.evidenceMenu.menu];
  }
  get components(): readonly ComponentRegistration[] {
    return [this.list.pager.component, this.evidenceMenu.modal];
  }

  constructor(
    @inject(MemberHistory) private readonly history: MemberHistory,
    @inject(CaseCommands) private readonly caseCommands: CaseCommands,
    @inject(CaseAnnotationCommands) private readonly annotations: CaseAnnotationCommands,
    @inject(CaseList) private readonly list: CaseList,
    @inject(CaseAutocomplete) private readonly autocomplete: CaseAutocomplete,
    @inject(CaseDuration) private readonly duration: CaseDuration,
    @inject(CaseArchiveCommands) private readonly archive: CaseArchiveCommands,
    @inject(EvidenceMenuHandler) private readonly evidenceMenu: EvidenceMenuHandler,
  ) {}
}
