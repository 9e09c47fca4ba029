import type { MessageCounters } from "./counters";
import { PatternMatcher } from "./patterns";
import type { AutomodRuleName, AutomodRuleSettings, AutomodSettings } from "./settings";
import { capsPercent, combiningMarks, disallowedLink, excerpt, inviteCodes, lineCount } from "./text-checks";

/** One message as automod sees it: plain values, no discord.js objects. */
export interface AutomodMessage {
  readonly guildId: string;
  readonly channelId: string;
  /** The parent channel when the message is in a thread or a forum post: its exemptions cover the thread. */
  readonly parentId?: string | null;
  readonly authorId: string;
  readonly roleIds: readonly string[];
  /** An edit: judged on its new text, never counted as another message (rate, duplicates). */
  readonly edited?: boolean;
  readonly content: string;
  /** Users and roles mentioned (@everyone counts as one). */
  readonly mentions: number;
  readonly at: number;
}

export interface Verdict {
  readonly rule: AutomodRuleSettings;
  /** What matched, short enough for a case's reason. */
  readonly evidence: string;
  /** Invite codes found (the invites rule): the guild's own are allowed, checked before acting. */
  readonly inviteCodes?: readonly string[];
  /** More of a rate or duplicates burst already acted on: the message goes, no new case is made. */
  readonly burst?: boolean;
}

/** Rules that count messages: once one acts, the rest of that burst is the same offence. */
const COUNTING: ReadonlySet<AutomodRuleName> = new Set(["rate", "duplicates"]);

type Check = (message: AutomodMessage, rule: AutomodRuleSettings) => string | null;

/**
 * A guild's enabled rules, compiled once per configuration. `check` runs on every message: in memory, no
 * database, linear in the message's length. Rate and duplicate counters are the process's own.
 */
export class GuildAutomod {
  private readonly rules: { settings: AutomodRuleSettings; check: Check }[];

  constructor(
    settings: AutomodSettings,
    private readonly counters: MessageCounters,
  ) {
    this.rules = settings.rules
      .filter((rule) => rule.enabled && rule.actions.length > 0)
      .map((rule) => ({ settings: rule, check: this.checkFor(rule) }));
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /** The first rule the message breaks, or null. Counting rules count every message they see. */
  check(message: AutomodMessage): Verdict | null {
    let verdict: Verdict | null = null;
    for (const { settings, check } of this.rules) {
      if (exempt(settings, message) || (message.edited && COUNTING.has(settings.rule))) continue;
      const evidence = check(message, settings);
      if (evidence === null || verdict) continue;
      const burst =
        COUNTING.has(settings.rule) && this.counters.isQuiet(burstKey(message, settings), message.at);
      if (settings.rule === "invites") {
        verdict = { rule: settings, evidence, inviteCodes: inviteCodes(message.content) };
      } else verdict = burst ? { rule: settings, evidence, burst } : { rule: settings, evidence };
    }
    return verdict;
  }

  /** After an action, the rest of a counting rule's burst (its window) is the same offence. */
  acted(message: AutomodMessage, verdict: Verdict): void {
    if (!COUNTING.has(verdict.rule.rule)) return;
    const until = message.at + verdict.rule.windowSeconds * 1000;
    this.counters.quietUntil(burstKey(message, verdict.rule), until);
  }

  private checkFor(rule: AutomodRuleSettings): Check {
    const checks: Record<AutomodRuleName, () => Check> = {
      words: () => {
        const matcher = new PatternMatcher(rule.patterns);
        return (message) => (matcher.empty ? null : matcher.find(message.content));
      },
      invites: () => (message) => inviteCodes(message.content).join(", ") || null,
      links: () => {
        const allowed = rule.patterns.map((host) => host.toLowerCase());
        return (message) => disallowedLink(message.content, allowed);
      },
      mentions: () => (message) => (message.mentions > rule.limit ? `${message.mentions} mentions` : null),
      rate: () => (message) => {
        const sent = this.counters.sent(memberKey(message), message.at, rule.windowSeconds * 1000);
        return sent > rule.limit ? `${sent} messages in ${rule.windowSeconds}s` : null;
      },
      duplicates: () => (message) => {
        const text = message.content.trim().toLowerCase();
        if (!text) return null;
        const key = memberKey(message);
        const same = this.counters.repeats(key, text, message.at, rule.windowSeconds * 1000);
        return same >= rule.limit ? `${same}× ${excerpt(text, 80)}` : null;
      },
      caps: () => (message) => {
        const percent = capsPercent(message.content);
        return percent !== null && percent >= rule.limit ? `${percent}% capitals` : null;
      },
      zalgo: () => (message) => {
        const marks = combiningMarks(message.content);
        return marks > rule.limit ? `${marks} combining marks` : null;
      },
      newlines: () => (message) => {
        const lines = lineCount(message.content);
        return lines > rule.limit ? `${lines} lines` : null;
      },
    };
    return checks[rule.rule]();
  }
}

function exempt(rule: AutomodRuleSettings, message: AutomodMessage): boolean {
  const channels = rule.exemptChannelIds;
  if (channels.includes(message.channelId)) return true;
  if (message.parentId && channels.includes(message.parentId)) return true;
  return rule.exemptRoleIds.some((role) => message.roleIds.includes(role));
}

function burstKey(message: AutomodMessage, rule: AutomodRuleSettings): string {
  return `${memberKey(message)}:${rule.rule}`;
}

function memberKey(message: AutomodMessage): string {
  return `${message.guildId}:${message.authorId}`;
}
