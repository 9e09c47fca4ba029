import type { AutomodAction, AutomodRuleName } from "../../entities/automod-rule";

export { AUTOMOD_ACTIONS, AUTOMOD_RULES } from "../../entities/automod-rule";
export type { AutomodAction, AutomodRuleName };

/** One rule as the engine reads it (plain values, the controller's rows). */
export interface AutomodRuleSettings {
  readonly rule: AutomodRuleName;
  readonly enabled: boolean;
  readonly actions: readonly AutomodAction[];
  readonly timeoutSeconds: number;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly patterns: readonly string[];
  readonly exemptRoleIds: readonly string[];
  readonly exemptChannelIds: readonly string[];
}

export interface AutomodLadderSettings {
  readonly warns: number;
  readonly windowSeconds: number;
  readonly timeoutSeconds: number;
}

export interface AutomodSettings {
  readonly rules: readonly AutomodRuleSettings[];
  readonly ladder: AutomodLadderSettings | null;
}

/** What a rule's `limit` and `windowSeconds` mean until a moderator sets them. */
export const RULE_DEFAULTS: Readonly<Record<AutomodRuleName, { limit: number; windowSeconds: number }>> = {
  words: { limit: 1, windowSeconds: 60 },
  invites: { limit: 1, windowSeconds: 60 },
  links: { limit: 1, windowSeconds: 60 },
  /** Users and roles mentioned in one message. */
  mentions: { limit: 5, windowSeconds: 60 },
  /** Messages per member within the window. */
  rate: { limit: 6, windowSeconds: 5 },
  /** The same text this many times within the window. */
  duplicates: { limit: 3, windowSeconds: 30 },
  /** Per cent of capital letters (messages of at least 12 letters). */
  caps: { limit: 70, windowSeconds: 60 },
  /** Combining marks in one message. */
  zalgo: { limit: 10, windowSeconds: 60 },
  /** Lines in one message. */
  newlines: { limit: 15, windowSeconds: 60 },
};

export const DEFAULT_TIMEOUT_SECONDS = 600;

export function defaultRule(rule: AutomodRuleName): AutomodRuleSettings {
  return {
    rule,
    enabled: false,
    actions: ["delete"],
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    ...RULE_DEFAULTS[rule],
    patterns: [],
    exemptRoleIds: [],
    exemptChannelIds: [],
  };
}
