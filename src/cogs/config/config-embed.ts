import type { APIEmbed } from "discord.js";
import type { GuildConfig } from "../../entities";
import { missingPermissions, type ModLogChannelState } from "./mod-log-channel";

const WARNING_COLOR = 0xf0b232;
const FIELD_LIMIT = 1024;

function fit(text: string): string {
  return text.length <= FIELD_LIMIT ? text : `${text.slice(0, FIELD_LIMIT - 1)}…`;
}

export interface ConfigFacts {
  guildName: string;
  config: GuildConfig;
  /** Undefined when no mod-log channel is set. */
  modLogChannel: ModLogChannelState | undefined;
  /** Moderator roles the guild no longer has. */
  deletedRoleIds: ReadonlySet<string>;
}

function channelProblem(state: ModLogChannelState | undefined): string | undefined {
  switch (state?.kind) {
    case "gone":
      return "the mod-log channel no longer exists; choose another with `/config modlog`";
    case "wrong-type":
      return "the mod-log channel is not a text or announcement channel; choose another with `/config modlog`";
    case "no-permission":
      return `I can't post in the mod-log channel: I need ${missingPermissions(state.missing)} there`;
    default:
      return undefined;
  }
}

function problems(facts: ConfigFacts): string[] {
  const found: string[] = [];
  if (facts.config.modLogProblem) found.push(`last mod-log post failed: ${facts.config.modLogProblem}`);
  const channel = channelProblem(facts.modLogChannel);
  if (channel) found.push(channel);
  return found.map((problem) => `⚠ ${problem}`);
}

function roleList(facts: ConfigFacts): string {
  const roles = facts.config.moderatorRoleIds.map((id) =>
    facts.deletedRoleIds.has(id) ? `deleted role \`${id}\`` : `<@&${id}>`,
  );
  return roles.length > 0 ? roles.join(", ") : "none (members with the commands' own permissions only)";
}

/** `/config show`: every setting, then whatever stops the mod log from working. */
export function configEmbed(facts: ConfigFacts): APIEmbed {
  const { config } = facts;
  const found = problems(facts);
  return {
    title: `Warden settings for ${facts.guildName}`,
    ...(found.length > 0 ? { color: WARNING_COLOR } : {}),
    fields: [
      {
        name: "Mod-log channel",
        value: config.modLogChannelId ? `<#${config.modLogChannelId}>` : "not set",
      },
      { name: "Moderator roles", value: fit(roleList(facts)) },
      { name: "DM on action", value: config.dmOnAction ? "on" : "off" },
      ...(found.length > 0 ? [{ name: "Problems", value: fit(found.join("\n")) }] : []),
    ],
  };
}
