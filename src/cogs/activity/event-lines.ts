import { escapeMarkdown } from "discord.js";
import type { GuildEvent } from "../../entities";
import type { GuildEventType } from "../../entities/guild-event";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";
import { relativeTime } from "./relative-time";

const MESSAGE_LIMIT = 1900;

/** Events told in a few words with nothing to fill in. */
const PLAIN = {
  member_leave: "activity.event_left",
  ban: "activity.event_banned",
  unban: "activity.event_unbanned",
} as const satisfies Partial<Record<GuildEventType, MessageId>>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function who(t: Translator, event: GuildEvent): string {
  const name =
    typeof event.details.username === "string" ? ` (${escapeMarkdown(event.details.username)})` : "";
  return `${event.userId ? `<@${event.userId}>` : t.t("activity.event_someone")}${name}`;
}

/** What happened, in a few words: `joined`, `was banned`, `roles +<@&1> −<@&2> by <@3>`. */
function what(t: Translator, event: GuildEvent): string {
  switch (event.type) {
    case "member_join": {
      const created = event.details.accountCreatedAt;
      return typeof created === "string"
        ? t.t("activity.event_joined_created", { when: relativeTime(new Date(created)) })
        : t.t("activity.event_joined");
    }
    case "roles_changed": {
      const added = strings(event.details.added).map((id) => `+<@&${id}>`);
      const removed = strings(event.details.removed).map((id) => `−<@&${id}>`);
      const changes = [...added, ...removed].join(" ");
      const by = event.details.by;
      return typeof by === "string"
        ? t.t("activity.event_roles_by", { changes, actor: `<@${by}>` })
        : t.t("activity.event_roles", { changes });
    }
    default:
      return t.t(PLAIN[event.type]);
  }
}

/** `/activity events`: newest first, whole lines only, within one message. */
export function eventLines(
  t: Translator,
  events: readonly GuildEvent[],
  memberId: string | undefined,
): string {
  const member = memberId ? `<@${memberId}>` : undefined;
  if (events.length === 0) {
    return member ? t.t("activity.events_none_for", { member }) : t.t("activity.events_none");
  }
  const lines = [member ? t.t("activity.events_heading_for", { member }) : t.t("activity.events_heading")];
  let length = lines[0]?.length ?? 0;
  for (const event of events) {
    const line = `${relativeTime(event.createdAt)} ${who(t, event)} ${what(t, event)}`;
    if (length + line.length + 2 > MESSAGE_LIMIT) {
      lines.push("…");
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join("\n");
}
