import { escapeMarkdown } from "discord.js";
import type { GuildEvent } from "../../entities";

const MESSAGE_LIMIT = 1900;

const when = (at: Date): string => `<t:${Math.floor(at.getTime() / 1000)}:R>`;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function who(event: GuildEvent): string {
  const name =
    typeof event.details.username === "string" ? ` (${escapeMarkdown(event.details.username)})` : "";
  return event.userId ? `<@${event.userId}>${name}` : `someone${name}`;
}

/** What happened, in a few words: `joined`, `was banned`, `roles +<@&1> −<@&2>`. */
function what(event: GuildEvent): string {
  switch (event.type) {
    case "member_join": {
      const created = event.details.accountCreatedAt;
      const age = typeof created === "string" ? ` (account created ${when(new Date(created))})` : "";
      return `joined${age}`;
    }
    case "member_leave":
      return "left";
    case "ban":
      return "was banned";
    case "unban":
      return "was unbanned";
    case "roles_changed": {
      const added = strings(event.details.added).map((id) => `+<@&${id}>`);
      const removed = strings(event.details.removed).map((id) => `−<@&${id}>`);
      return `roles ${[...added, ...removed].join(" ")}`;
    }
  }
}

/** `/activity events`: newest first, whole lines only, within one message. */
export function eventLines(events: readonly GuildEvent[], memberId: string | undefined): string {
  const about = memberId ? ` for <@${memberId}>` : "";
  if (events.length === 0) return `No events logged${about}.`;
  const lines = [`Recent events${about}, newest first:`];
  let length = lines[0]?.length ?? 0;
  for (const event of events) {
    const line = `${when(event.createdAt)} ${who(event)} ${what(event)}`;
    if (length + line.length + 2 > MESSAGE_LIMIT) {
      lines.push("…");
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join("\n");
}
