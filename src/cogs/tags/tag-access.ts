import { PermissionFlagsBits } from "discord.js";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { PermissionGuard } from "../../bot/permissions";
import type { CooldownController } from "../../controllers/cooldown-controller";
import type { GroupController } from "../../controllers/group-controller";
import type { Tag } from "../../entities/tag";
import { UserError } from "../../errors/user-error";

/** Moderators here are those with Manage Server, Administrator, or a moderator role. */
export const TAG_MODERATOR_PERMISSIONS = PermissionFlagsBits.ManageGuild;

export function isTagModerator(guard: PermissionGuard, context: GuildCommandContext): Promise<boolean> {
  return guard.allows(context.interaction, {
    label: "/tag",
    policy: { access: "moderator" },
    memberPermissions: TAG_MODERATOR_PERMISSIONS,
  });
}

type AccessServices = { guard: PermissionGuard; groups: GroupController };

/** A mod-only tag needs a moderator, a group-only tag a member of its group; refused as a use would be. */
async function checkAudience(
  tag: Tag,
  context: GuildCommandContext,
  services: AccessServices,
): Promise<void> {
  if (tag.modOnly) {
    await services.guard.check(context.interaction, {
      label: context.t.t("tags.the_tag", { name: tag.name }),
      policy: { access: "moderator" },
      memberPermissions: TAG_MODERATOR_PERMISSIONS,
    });
  }
  if (tag.groupId === null) return;
  const group = (await services.groups.audienceOf(context.user.id, [tag.groupId])).get(tag.groupId);
  if (!group?.member) throw new UserError("tags.not_in_group", { group: group?.name ?? "?", name: tag.name });
}

/**
 * Reading a tag's response (`/tag info`): whoever may use it, and moderators, who manage every tag anyway.
 * Others are refused as using it would refuse them.
 */
export async function checkTagRead(
  tag: Tag,
  context: GuildCommandContext,
  services: AccessServices,
): Promise<void> {
  if (!tag.modOnly && tag.groupId === null) return;
  if (await isTagModerator(services.guard, context)) return;
  await checkAudience(tag, context, services);
}

/** Every rule a use must pass, cheapest first; the cooldown is taken last so a refusal costs none. */
export async function checkTagUse(
  tag: Tag,
  context: GuildCommandContext,
  services: AccessServices & { cooldowns: CooldownController },
): Promise<void> {
  if (!tag.enabled) throw new UserError("tags.disabled", { name: tag.name });
  await checkAudience(tag, context, services);
  if (tag.cooldownSeconds <= 0) return;
  const take = await services.cooldowns.take(
    tag.guildId,
    context.user.id,
    `tag:${tag.id}`,
    tag.cooldownSeconds,
  );
  if (!take.taken) {
    const at = take.retryAt.getTime();
    throw new UserError("tags.cooldown", {
      name: tag.name,
      seconds: Math.max(1, Math.ceil((at - Date.now()) / 1000)),
      when: `<t:${Math.ceil(at / 1000)}:R>`,
    });
  }
}
