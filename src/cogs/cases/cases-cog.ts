import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { componentHandler, slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { InteractionContext } from "../../bot/interactions/context";
import type { Reply } from "../../bot/interactions/reply";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import { CaseController } from "../../controllers/case-controller";
import { LegacyUserError } from "../../errors/user-error";
import { CaseLinkArgs, CaseNumberArgs, CaseReasonArgs } from "./arguments";
import { CaseAutocomplete } from "./case-autocomplete";
import { CaseCommands, type Actor } from "./case-commands";
import { CaseList } from "./case-list";
import { PAGE_SIZE } from "./case-pager";
import { CaseCommand, CasesCommand, HistoryCommand } from "./definitions";
import { historyOverview } from "./history-view";
import { CASES_PREFIX } from "./list-state";

const moderators = { access: "moderator" } as const;

/** Case management for moderators: `/case show|reason|delete|link`, `/cases` and `/history`. */
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
          run: (context, { number }) => this.caseCommands.show(guildOf(context), number),
        },
        reason: {
          dto: CaseReasonArgs,
          run: (context, { number, reason }) => this.caseCommands.reason(actor(context), number, reason),
        },
        delete: {
          dto: CaseReasonArgs,
          run: (context, { number, reason }) => this.caseCommands.delete(actor(context), number, reason),
        },
        link: {
          dto: CaseLinkArgs,
          run: (context, { number, refers_to }) => this.caseCommands.link(actor(context), number, refers_to),
        },
      },
      {
        ...moderators,
        ephemeral: true,
        autocomplete: (interaction, focused) => this.autocomplete.suggest(interaction, focused.value),
      },
    ),
    slashCommand(
      CasesCommand,
      (context, { user, moderator, type }) =>
        this.list.first(guildOf(context), context.user.id, {
          ...(user ? { targetId: user.user.id } : {}),
          ...(moderator ? { moderatorId: moderator.user.id } : {}),
          ...(type ? { type } : {}),
        }),
      { ...moderators, ephemeral: true },
    ),
    slashCommand(HistoryCommand, (context, { user }) => this.history(context, user.user.id), {
      ...moderators,
      ephemeral: true,
    }),
  ];
  readonly components = [
    componentHandler(
      CASES_PREFIX,
      (context, payload) => this.list.press(guildOf(context), context.user.id, payload),
      { updatesMessage: true, checkedAs: ["cases"], signed: true },
    ),
  ];

  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(CaseCommands) private readonly caseCommands: CaseCommands,
    @inject(CaseList) private readonly list: CaseList,
    @inject(CaseAutocomplete) private readonly autocomplete: CaseAutocomplete,
  ) {}

  private async history(context: CommandContext, targetId: string): Promise<Reply> {
    const guildId = guildOf(context);
    const counts = await this.cases.countsByType(guildId, targetId);
    const latest = await this.cases.list(guildId, { targetId }, { limit: PAGE_SIZE });
    return { embeds: [historyOverview(targetId, counts, latest)] };
  }
}

function guildOf(context: InteractionContext<RepliableInteraction>): string {
  if (!context.guildId) throw new LegacyUserError("GuildOnly", "Cases only exist in a server.");
  return context.guildId;
}

function actor(context: CommandContext): Actor {
  return { guildId: guildOf(context), userId: context.user.id, client: context.interaction.client };
}
