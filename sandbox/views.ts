import type { SimGuild, SimMessage, SimUser } from "../simulator";
import type { Directory } from "./directory";
import { SANDBOX_HELP, type CommandSpec } from "./parse";
import { renderMessage } from "./render";
import { usageLines } from "./usage";

/** A message under a heading: `@Warden: Pong!` on one line, or the heading and indented lines. */
export function block(heading: string, lines: readonly string[]): string[] {
  if (lines.length === 1) return [`${heading} ${lines[0] ?? ""}`.trimEnd()];
  return [heading, ...lines.map((line) => `  ${line}`.trimEnd())];
}

/** `log #channel`: the channel's (visible) messages, oldest first. */
export function channelLog(
  name: string,
  messages: readonly SimMessage[],
  directory: Directory,
  context: (message: SimMessage) => string | undefined = () => undefined,
): string[] {
  if (messages.length === 0) return [`#${name} has no messages`];
  const lines = [`#${name}: ${messages.length} message${messages.length === 1 ? "" : "s"}`];
  for (const message of messages) {
    const about = context(message);
    const author = `@${directory.userName(message.authorId) ?? "unknown-user"}${about ? ` (${about})` : ""}:`;
    lines.push(...block(author, renderMessage(message, directory)));
  }
  return lines;
}

/** `members`: each member with their roles, the owner, the bot, who you are; then bans. */
export function memberList(guild: SimGuild, users: readonly SimUser[], actorId: string): string[] {
  const lines: string[] = [];
  for (const member of guild.members.values()) {
    const user = users.find((candidate) => candidate.id === member.userId);
    const roles = member.roles.map((id) => guild.roles.get(id)?.name ?? id);
    const notes = [
      member.userId === guild.ownerId ? "owner" : "",
      user?.bot ? "bot" : "",
      member.communicationDisabledUntil ? `timed out until ${member.communicationDisabledUntil}` : "",
      member.userId === actorId ? "you" : "",
    ].filter(Boolean);
    const roleText = roles.length > 0 ? ` [${roles.join(", ")}]` : "";
    const noteText = notes.length > 0 ? ` (${notes.join(", ")})` : "";
    lines.push(`@${user?.username ?? member.userId}${roleText}${noteText}`);
  }
  for (const ban of guild.bans.values()) {
    const name = users.find((candidate) => candidate.id === ban.userId)?.username ?? ban.userId;
    lines.push(`banned: @${name}${ban.reason ? ` (${ban.reason})` : ""}`);
  }
  return lines;
}

/** `help`: what the sandbox understands, then every registered command with its options. */
export function helpLines(specs: readonly CommandSpec[]): string[] {
  const commands = specs.filter((spec) => (spec.type ?? 1) === 1).flatMap(usageLines);
  const menus = specs.filter((spec) => (spec.type ?? 1) !== 1).map((spec) => `menu "${spec.name}"`);
  return [...SANDBOX_HELP, "", "Warden's commands:", ...[...commands, ...menus].map((line) => `  ${line}`)];
}
