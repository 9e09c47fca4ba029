import { inject, injectable } from "tsyringe";
import type { ResolvedChannel, ResolvedRole } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { formatDuration, MAX_TIMEOUT_MS, parseDuration } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import {
  AutomodController,
  type GuildAutomodRows,
  type ListColumn,
  type RuleRow,
} from "../../controllers/automod-controller";
import { UserError } from "../../errors/user-error";
import type { ACTION_CHOICES } from "./definitions";
import { checkPattern, MAX_PATTERNS } from "./patterns";
import { automodLines } from "./show-lines";
import { defaultRule, type AutomodAction, type AutomodRuleName } from "./settings";

const HOST = /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/;
const HOUR_MS = 3_600_000;
const PATTERN_REFUSALS = {
  empty: "automod.pattern_empty",
  too_long: "automod.pattern_too_long",
  too_complex: "automod.pattern_too_complex",
  invalid: "automod.pattern_invalid",
  matches_everything: "automod.pattern_matches_everything",
} as const;

export interface RuleArgs {
  rule: AutomodRuleName;
  enabled: boolean;
  actions: (typeof ACTION_CHOICES)[number] | undefined;
  limit: number | undefined;
  seconds: number | undefined;
  timeout: string | undefined;
}

/** `/automod`: plain values to the controller; every refusal is a UserError with an identifier. */
@injectable()
export class AutomodCommands {
  constructor(@inject(AutomodController) private readonly automod: AutomodController) {}

  async show(context: GuildCommandContext): Promise<Reply> {
    const rows = await this.automod.load(context.guildId);
    return { content: automodLines(rows, context.t) };
  }

  async rule(context: GuildCommandContext, args: RuleArgs): Promise<Reply> {
    const timeoutMs = args.timeout === undefined ? undefined : timeoutOf(args.timeout, "timeout");
    const current = await this.current(context.guildId, args.rule);
    await this.automod.setRule(context.guildId, args.rule, current, {
      enabled: args.enabled,
      ...(args.actions ? { actions: args.actions.split(",") as AutomodAction[] } : {}),
      ...(args.limit === undefined ? {} : { limit: args.limit }),
      ...(args.seconds === undefined ? {} : { windowSeconds: args.seconds }),
      ...(timeoutMs === undefined ? {} : { timeoutSeconds: Math.floor(timeoutMs / 1000) }),
    });
    const id = args.enabled ? "automod.rule_on" : "automod.rule_off";
    return { content: context.t.t(id, { rule: args.rule }) };
  }

  async block(context: GuildCommandContext, text: string, add: boolean): Promise<Reply> {
    const pattern = text.trim();
    if (add) {
      const refusal = checkPattern(pattern);
      if (refusal) throw new UserError(PATTERN_REFUSALS[refusal.reason], { pattern, ...refusal });
    }
    return this.changeList(context, "words", "patterns", pattern, add);
  }

  async host(context: GuildCommandContext, text: string, add: boolean): Promise<Reply> {
    const host = text
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/.*$/, "");
    if (add && !HOST.test(host)) throw new UserError("automod.host_invalid", { host });
    return this.changeList(context, "links", "patterns", host, add);
  }

  async exempt(
    context: GuildCommandContext,
    args: { rule: AutomodRuleName; role?: ResolvedRole; channel?: ResolvedChannel; remove?: boolean },
  ): Promise<Reply> {
    if (!args.role === !args.channel) throw new UserError("automod.exempt_one");
    const add = !args.remove;
    if (args.role) return this.changeList(context, args.rule, "exempt_role_ids", args.role.id, add);
    return this.changeList(context, args.rule, "exempt_channel_ids", args.channel?.id ?? "", add);
  }

  async ladder(
    context: GuildCommandContext,
    args: { warns: number; window?: string; timeout?: string },
  ): Promise<Reply> {
    if (args.warns === 0) {
      await this.automod.setLadder(context.guildId, null);
      return { content: context.t.t("automod.ladder_off") };
    }
    if (args.warns < 2) throw new UserError("automod.ladder_too_few");
    const windowMs = args.window ? parseDuration(args.window, "window", 30 * 24 * HOUR_MS) : HOUR_MS;
    const timeoutMs = args.timeout ? timeoutOf(args.timeout, "timeout") : HOUR_MS;
    if (windowMs < 60_000) throw new UserError("automod.window_too_short");
    const ladder = {
      warns: args.warns,
      windowSeconds: Math.floor(windowMs / 1000),
      timeoutSeconds: Math.floor(timeoutMs / 1000),
    };
    await this.automod.setLadder(context.guildId, ladder);
    return {
      content: context.t.t("automod.ladder_set", {
        warns: ladder.warns,
        window: formatDuration(windowMs),
        timeout: formatDuration(timeoutMs),
      }),
    };
  }

  private async changeList(
    context: GuildCommandContext,
    rule: AutomodRuleName,
    column: ListColumn,
    value: string,
    add: boolean,
  ): Promise<Reply> {
    const current = await this.current(context.guildId, rule);
    if (add && column === "patterns" && current.patterns.length >= MAX_PATTERNS) {
      throw new UserError("automod.too_many", { max: MAX_PATTERNS });
    }
    const changed = await this.automod.changeList(context.guildId, current, column, value, add);
    const id = changed
      ? add
        ? "automod.list_added"
        : "automod.list_removed"
      : add
        ? "automod.list_already"
        : "automod.list_missing";
    return { content: context.t.t(id, { value: shown(column, value), rule }) };
  }

  private async current(guildId: string, rule: AutomodRuleName): Promise<RuleRow> {
    return ruleOrDefault(await this.automod.load(guildId), rule);
  }
}

/** The guild's row of a rule, or the row a rule not set yet starts from. */
export function ruleOrDefault(rows: GuildAutomodRows, rule: AutomodRuleName): RuleRow {
  const found = rows.rules.find((row) => row.rule === rule);
  return found
    ? found
    : { ...defaultRule(rule), actions: ["delete"], patterns: [], exemptRoleIds: [], exemptChannelIds: [] };
}

function timeoutOf(text: string, option: string): number {
  const ms = parseDuration(text, option, MAX_TIMEOUT_MS);
  if (ms < 60_000) throw new UserError("automod.timeout_too_short");
  return ms;
}

function shown(column: ListColumn, value: string): string {
  if (column === "exempt_role_ids") return `<@&${value}>`;
  if (column === "exempt_channel_ids") return `<#${value}>`;
  return `\`${value}\``;
}
