import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import {
  componentHandler,
  guildComponentHandler,
  guildModalHandler,
  modalHandler,
  slashCommand,
  type CommandContext,
  type ComponentRegistration,
} from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import { AppealController } from "../../controllers/appeal-controller";
import { AppealSettingsController } from "../../controllers/appeal-settings-controller";
import { AppealDecisions } from "./appeal-decisions";
import { AppealPostRetries } from "./appeal-post-retries";
import { APPEAL_FORM_PREFIX, APPEAL_PREFIX } from "./appeal-invitations";
import { ACCEPT_PREFIX, REJECT_FORM_PREFIX, REJECT_PREFIX } from "./appeal-post";
import { setAppealsChannel, setAppealsDelay } from "./appeal-settings-command";
import { AppealSubmissions } from "./appeal-submissions";
import { AppealCommand, AppealsCommand } from "./definitions";

const MANAGERS = { ephemeral: true } as const;
/** The banned member's button and form: pressed in DMs; who may is decided from the ban, not the id. */
const BANNED_MEMBER = { checkedAs: ["appeal"], signed: true, ephemeral: true } as const;
/** Accept and Reject: whoever presses must be allowed /unban now, in the guild. */
const BAN_MODERATORS = { checkedAs: ["unban"], signed: true, ephemeral: true } as const;
const LIST_LIMIT = 10;

/**
 * Ban appeals: `/appeals` turns them on for a guild; the ban DM's Appeal button and form (in DMs, no
 * guild); the appeals channel's Accept and Reject; `/appeal` shows a member where their appeals stand.
 */
@injectable()
export class AppealsCog implements Cog {
  readonly name = "appeals";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      AppealsCommand,
      {
        channel: async (context, { channel }) => {
          const reply = await setAppealsChannel(this.settings, context, channel);
          if (channel) await this.appeals.channelChanged(context.guildId);
          return reply;
        },
        delay: (context, { duration }) => setAppealsDelay(this.settings, context, duration),
      },
      MANAGERS,
    ),
    slashCommand(AppealCommand, (context) => this.list(context), { ephemeral: true }),
  ];
  readonly components: readonly ComponentRegistration[] = [
    componentHandler(
      APPEAL_PREFIX,
      (context, payload) => this.submissions.open(context, payload),
      BANNED_MEMBER,
    ),
    modalHandler(
      APPEAL_FORM_PREFIX,
      (context, payload) => this.submissions.submit(context, payload),
      BANNED_MEMBER,
    ),
    guildComponentHandler(
      ACCEPT_PREFIX,
      (context, payload) => this.decisions.accept(context, payload),
      BAN_MODERATORS,
    ),
    guildComponentHandler(
      REJECT_PREFIX,
      (context, payload) => this.decisions.openReject(context, payload),
      BAN_MODERATORS,
    ),
    guildModalHandler(
      REJECT_FORM_PREFIX,
      (context, payload) => this.decisions.reject(context, payload),
      BAN_MODERATORS,
    ),
  ];

  readonly tasks: readonly PeriodicTask[];

  constructor(
    @inject(AppealSettingsController) private readonly settings: AppealSettingsController,
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(AppealSubmissions) private readonly submissions: AppealSubmissions,
    @inject(AppealDecisions) private readonly decisions: AppealDecisions,
    @inject(AppealPostRetries) retries: AppealPostRetries,
  ) {
    this.tasks = [retries];
  }

  private async list({ interaction, t }: CommandContext): Promise<Reply> {
    const rows = await this.appeals.ofUser(interaction.user.id, LIST_LIMIT);
    if (rows.length === 0) return { content: t.t("appeals.list_empty") };
    const lines = rows.map((row) =>
      t.t("appeals.list_line", {
        guild: interaction.client.guilds.cache.get(row.guildId)?.name ?? row.guildId,
        id: row.id,
        number: row.banNumber,
        status: row.status,
      }),
    );
    return { content: lines.join("\n") };
  }
}
