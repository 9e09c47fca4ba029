import type { Page } from "../../controllers/base-controller";
import type { GroupAudience } from "../../controllers/group-controller";
import type { Tag } from "../../entities/tag";
import type { Translator } from "../../i18n/translator";

const PREVIEW = 60;

function preview(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").replace(/`/g, "ˋ");
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

const state = (tag: Tag): string => (tag.enabled ? "enabled" : "disabled");

/** `/tag info`: the tag's settings and its raw response (placeholders shown, not filled in). */
export function tagInfo(tag: Tag, groupName: string | null, t: Translator): string {
  const audience = tag.modOnly ? "moderators" : groupName ? "group" : "everyone";
  return [
    t.t("tags.info_title", { name: tag.name, state: state(tag) }),
    t.t("tags.info_settings", {
      uses: tag.uses,
      audience,
      group: groupName ?? "",
      cooldown: tag.cooldownSeconds,
    }),
    t.t("tags.info_created", {
      userId: tag.createdBy,
      when: `<t:${Math.floor(tag.createdAt.getTime() / 1000)}:R>`,
    }),
    t.t("tags.info_response", { response: preview(tag.response, 1500) }),
  ].join("\n");
}

/** Who is looking at a list: a moderator, and the groups of the listed tags (name, and whether a member). */
export interface TagAudience {
  moderator: boolean;
  groups: ReadonlyMap<number, GroupAudience>;
}

/** "moderators only", "members of `Artists` only", or null for a tag anyone may use. */
function limitOf(tag: Tag, audience: TagAudience, t: Translator): string | null {
  if (tag.modOnly) return t.t("tags.limit_moderators");
  if (tag.groupId === null) return null;
  return t.t("tags.limit_group", { group: audience.groups.get(tag.groupId)?.name ?? "?" });
}

function mayRead(tag: Tag, audience: TagAudience): boolean {
  if (audience.moderator) return true;
  if (tag.modOnly) return false;
  return tag.groupId === null || (audience.groups.get(tag.groupId)?.member ?? false);
}

export function tagList(page: Page<Tag>, audience: TagAudience, t: Translator): string {
  if (page.total === 0) return t.t("tags.list_empty");
  if (page.items.length === 0) return t.t("tags.list_beyond", { pages: page.pages });
  const lines = page.items.map((tag) => {
    const limit = limitOf(tag, audience, t);
    const parts = [
      t.t("tags.list_name", { name: tag.name, state: state(tag) }),
      t.t("tags.list_uses", { uses: tag.uses }),
    ];
    if (limit) parts.push(limit);
    if (mayRead(tag, audience)) parts.push(preview(tag.response, PREVIEW));
    return parts.join(" · ");
  });
  const footer = t.t("tags.list_footer", { page: page.page, pages: page.pages, total: page.total });
  return `${lines.join("\n")}\n${footer}`;
}
