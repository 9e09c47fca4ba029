import { IsBoolean, IsIn, IsInt, Max, Min } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";

/** Warden's own automod filters (not Discord's AutoMod), in the order they are checked. */
export const AUTOMOD_RULES = [
  "words",
  "invites",
  "links",
  "mentions",
  "rate",
  "duplicates",
  "caps",
  "zalgo",
  "newlines",
] as const;
export type AutomodRuleName = (typeof AUTOMOD_RULES)[number];
export const AUTOMOD_ACTIONS = ["delete", "warn", "timeout", "ban"] as const;
export type AutomodAction = (typeof AUTOMOD_ACTIONS)[number];

/**
 * One rule of a guild's automod (`/automod`); a guild without a row has the rule off. `limit` and
 * `windowSeconds` mean what the rule says (rate: messages per window; mentions: mentions per message; caps:
 * per cent of letters); `patterns` are the blocked words/patterns (words) or the allowed hosts (links).
 */
@Entity({ name: "automod_rules" })
export class AutomodRule {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  guildId!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  @IsIn(AUTOMOD_RULES)
  rule!: AutomodRuleName;

  @Column({ type: "boolean", default: false })
  @IsBoolean()
  enabled!: boolean;

  @Column({ type: "varchar", length: 8, array: true, default: () => "'{delete}'" })
  @IsIn(AUTOMOD_ACTIONS, { each: true })
  actions!: AutomodAction[];

  @Column({ name: "timeout_seconds", type: "integer", default: 600 })
  @IsInt()
  @Min(60)
  @Max(2_419_200)
  timeoutSeconds!: number;

  @Column({ name: "limit", type: "integer" })
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit!: number;

  @Column({ name: "window_seconds", type: "integer" })
  @IsInt()
  @Min(1)
  @Max(3_600)
  windowSeconds!: number;

  @Column({ type: "text", array: true, default: () => "'{}'" })
  patterns!: string[];

  @Column({ name: "exempt_role_ids", type: "bigint", array: true, default: () => "'{}'" })
  exemptRoleIds!: string[];

  @Column({ name: "exempt_channel_ids", type: "bigint", array: true, default: () => "'{}'" })
  exemptChannelIds!: string[];

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
