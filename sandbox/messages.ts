import type { SimGuild, SimMessage, SimUser } from "../simulator";
import { buttonsIn, selectsIn, type ButtonInfo, type SelectInfo } from "./components";

/** Where each message was before an interaction: ids per channel, DM counts per user. */
export interface Snapshot {
  channels: Map<string, Set<string>>;
  dms: Map<string, number>;
}

/** What the bot posted besides its answer: in another channel, or as a DM. */
export interface SideMessage {
  where: string;
  message: SimMessage;
}

export interface MessageSource {
  guild: SimGuild;
  users: readonly SimUser[];
  dmsTo(userId: string): readonly SimMessage[];
}

export function snapshot(source: MessageSource): Snapshot {
  const channels = new Map<string, Set<string>>();
  for (const channel of source.guild.channels.values()) {
    channels.set(channel.id, new Set(channel.messages.map((message) => message.id)));
  }
  const dms = new Map(source.users.map((user) => [user.id, source.dmsTo(user.id).length] as const));
  return { channels, dms };
}

/** Messages that appeared since the snapshot, channel by channel then DMs, leaving out `shown` ones. */
export function newMessages(
  source: MessageSource,
  before: Snapshot,
  shown: ReadonlySet<string>,
): SideMessage[] {
  const found: SideMessage[] = [];
  for (const channel of source.guild.channels.values()) {
    const old = before.channels.get(channel.id) ?? new Set<string>();
    for (const message of channel.messages) {
      if (!old.has(message.id) && !shown.has(message.id)) found.push({ where: `#${channel.name}`, message });
    }
  }
  for (const user of source.users) {
    const dms = source.dmsTo(user.id);
    for (const message of dms.slice(before.dms.get(user.id) ?? 0)) {
      if (!shown.has(message.id)) found.push({ where: `DM to @${user.username}`, message });
    }
  }
  return found;
}

const newestFirst = (a: SimMessage, b: SimMessage): number => (BigInt(b.id) > BigInt(a.id) ? 1 : -1);

/** The newest message (of `candidates`) that has a button with this label (ignoring case). */
export function findButton(
  candidates: readonly SimMessage[],
  label: string,
): { message: SimMessage; button: ButtonInfo } | undefined {
  const wanted = label.trim().toLowerCase();
  for (const message of [...candidates].sort(newestFirst)) {
    const button = buttonsIn(message.components).find((info) => info.label.trim().toLowerCase() === wanted);
    if (button) return { message, button };
  }
  return undefined;
}

/** The newest message that has a select with this placeholder (or custom id), ignoring case. */
export function findSelect(
  candidates: readonly SimMessage[],
  placeholder: string,
): { message: SimMessage; select: SelectInfo } | undefined {
  const wanted = placeholder.trim().toLowerCase();
  for (const message of [...candidates].sort(newestFirst)) {
    const select = selectsIn(message.components).find(
      (info) => info.placeholder.toLowerCase() === wanted || info.customId.toLowerCase() === wanted,
    );
    if (select) return { message, select };
  }
  return undefined;
}

/** Every button label on these messages, for "no such button" answers. */
export function buttonLabels(candidates: readonly SimMessage[]): string[] {
  const labels = candidates.flatMap((message) =>
    buttonsIn(message.components).map((button) => `[${button.label}]`),
  );
  return [...new Set(labels)];
}
