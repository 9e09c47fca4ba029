import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import {
  slashCommand,
  type GuildCommandContext,
  type ComponentRegistration,
} from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import { UserPreferenceController } from "../../controllers/user-preference-controller";
import { CooldownSweep } from "./cooldown-sweep";
import { BalanceCommand, DailyCommand, EconomyCommand, GiveCommand, LeaderboardCommand } from "./definitions";
import { EconomyCommands } from "./economy-commands";
import { Leaderboard } from "./leaderboard";

/** `/economy`: Manage Server by default, or a moderator role (see DESIGN: moderator access). */
const moderators = { access: "moderator" } as const;

/** Points per member: `/balance`, `/give`, `/leaderboard`, `/daily`, and `/economy` for moderators. */
@injectable()
export class EconomyCog implements Cog {
  readonly name = "economy";
  readonly database = "required";
  readonly commands = [
    slashCommand(BalanceCommand, (context, { user }) =>
      this.personal(context, this.answers.balance(context, user?.user.id ?? context.user.id)),
    ),
    slashCommand(GiveCommand, (context, { user, amount, reason }) =>
      this.answers.give(context, user.user.id, amount, reason ?? null),
    ),
    slashCommand(LeaderboardCommand, (context) => this.leaderboard.first(context)),
    slashCommand(DailyCommand, (context) => this.personal(context, this.answers.daily(context))),
    slashCommand(
      EconomyCommand,
      {
        add: (context, { user, amount, reason }) =>
          this.answers.adjust(context, "add", user.user.id, amount, reason),
        remove: (context, { user, amount, reason }) =>
          this.answers.adjust(context, "remove", user.user.id, amount, reason),
        set: (context, { user, amount, reason }) =>
          this.answers.adjust(context, "set", user.user.id, amount, reason),
        stats: (context) => this.answers.stats(context),
      },
      { ...moderators, ephemeral: true },
    ),
  ];
  get components(): readonly ComponentRegistration[] {
    return [this.leaderboard.pager.component];
  }
  readonly tasks: readonly PeriodicTask[];

  constructor(
    @inject(EconomyCommands) private readonly answers: EconomyCommands,
    @inject(Leaderboard) private readonly leaderboard: Leaderboard,
    @inject(CooldownSweep) sweep: CooldownSweep,
    @inject(UserPreferenceController) private readonly preferences: UserPreferenceController,
  ) {
    this.tasks = [sweep];
  }

  /** Personal answers are private when the member asked for that (/preferences private_replies). */
  private async personal(context: GuildCommandContext, answer: Promise<Reply>): Promise<Reply> {
    const [reply, preferences] = await Promise.all([answer, this.preferences.of(context.user.id)]);
    return preferences.privateReplies ? { ...reply, ephemeral: true } : reply;
  }
}
