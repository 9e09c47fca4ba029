import { PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { ResolvedChannel, ResolvedUser } from "../../../bot/commands/arguments";
import type { GuildInteractionContext } from "../../../bot/interactions/context";
import type { RepliableInteraction } from "../../../bot/interactions/responder";
import type { Reply } from "../../../bot/interactions/reply";
import type { Config } from "../../../config";
import { UserError } from "../../../errors/user-error";
import type { Logger } from "../../../logger";
import { TOKENS } from "../../../tokens";
import { ModLog } from "../../cases/mod-log";
import { requireBotPermissions, targetChannel } from "../channel-access";
import { MemberChannelRights } from "../member-rights";
import { messageIdOf } from "./message-ref";
import { describeFilters, matchesFilters, type PurgeFilters } from "./purge-filter";
import { purgeLogEntry, purgeProgress, purgeReply } from "./purge-report";
import { BULK_MAX, runPurge } from "./purge-runner";

/** A purge gives up (saying what it did) before the interaction's 15 minutes run out. */
export const PURGE_DEADLINE_MS = 12 * 60_000;
export const PURGE_BOT_PERMISSIONS =
  PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ReadMessageHistory;
/** What deleting another member's message by hand takes. */
export const PURGE_MEMBER_PERMISSIONS = PermissionFlagsBits.ManageMessages;

export interface PurgeArgs {
  count: number;
  channel: Pick<ResolvedChannel, "id"> | undefined;
  user: ResolvedUser | undefined;
  contains: string | undefined;
  bots: boolean | undefined;
  links: boolean | undefined;
  attachments: boolean | undefined;
  before: string | undefined;
  after: string | undefined;
  transcript: boolean | undefined;
}

/**
 * `/purge`: checks, then runs the purge with progress on the deferred reply, then one Purge entry in the
 * mod log. Not a case: a purge changes no member's standing, even filtered by user (as in Zeppelin);
 * a moderator who wants it on record adds `/note`.
 */
@injectable()
export class PurgeCommandHandler {
  constructor(
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(MemberChannelRights) private readonly rights: MemberChannelRights,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async run(context: GuildInteractionContext<RepliableInteraction>, args: PurgeArgs): Promise<Reply> {
    const channel = targetChannel(context, args.channel);
    requireBotPermissions(context, channel, PURGE_BOT_PERMISSIONS);
    await this.rights.require(context, channel, PURGE_MEMBER_PERMISSIONS);
    if ((args.contains !== undefined || args.links) && !this.config.PRIVILEGED_INTENTS) {
      throw new UserError("channels.purge_needs_content");
    }
    const where = { guildId: context.guildId, channelId: channel.id };
    const before = args.before === undefined ? undefined : messageIdOf(args.before, "before", where);
    const after = args.after === undefined ? undefined : messageIdOf(args.after, "after", where);
    const filters: PurgeFilters = {
      ...(args.user ? { userId: args.user.user.id } : {}),
      ...(args.contains !== undefined ? { contains: args.contains } : {}),
      ...(args.bots ? { bots: true } : {}),
      ...(args.links ? { links: true } : {}),
      ...(args.attachments ? { attachments: true } : {}),
    };
    await context.defer({ ephemeral: true });
    const deadline = AbortSignal.timeout(PURGE_DEADLINE_MS);
    let shownHundreds = 0;
    const outcome = await runPurge(
      context.interaction.client.rest,
      {
        channelId: channel.id,
        count: args.count,
        matches: (message) => matchesFilters(message, filters),
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
        auditReason: context.t.t("channels.purge_audit", { moderator: context.user.username }),
        transcript: args.transcript === true,
      },
      {
        now: Date.now,
        signal: deadline,
        progress: (sofar) => {
          const hundreds = Math.floor(sofar.deleted / BULK_MAX);
          if (args.count <= BULK_MAX || hundreds <= shownHundreds) return;
          shownHundreds = hundreds;
          context
            .progress({ content: purgeProgress(sofar, args.count, context.t) })
            .catch((error: unknown) => {
              this.logger.debug({ err: error }, "purge progress not shown");
            });
        },
      },
    );
    const summary = {
      outcome,
      channelId: channel.id,
      moderatorId: context.user.id,
      filters: describeFilters(filters, { ...(before ? { before } : {}), ...(after ? { after } : {}) }),
    };
    this.logger.info(
      {
        guildId: context.guildId,
        channelId: channel.id,
        deleted: outcome.deleted,
        old: outcome.old,
        stopped: outcome.stopped,
      },
      "purge finished",
    );
    if (outcome.deleted > 0 || outcome.stopped) {
      await this.modLog.post(context.interaction.client, context.guildId, (t) =>
        purgeLogEntry(summary, args.transcript === true, t),
      );
    }
    return { content: purgeReply(summary, context.t) };
  }
}
