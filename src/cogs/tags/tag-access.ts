import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import type { PermissionGuard } from "../../bot/permissions";
import type { CooldownController } from "../../controllers/cooldown-controller";
import type { GroupController } from "../../controllers/group-controller";
import type { Tag } from "../../entities/tag";
import { LegacyUserError } from "../../errors/user-error";

/** Moderators here are those with Manage Server, Administrator, or a moderator role. */
export const TAG_MODERATOR_PERMISSIONS = PermissionFlagsBits.ManageGuild;

export function requireModerator(
  guard: PermissionGuard,
  interaction: ChatInputCommandInteraction,
  label: string,
): Promise<void> {
  return guard.check(interaction, {
    label,
    policy: { access: "moderator" },
    memberPermissions: TAG_MODERATOR_PERMISSIONS,
  });
}

export function isTagModerator(
  guard: PermissionGuard,
  interaction: ChatInputCommandInteraction,
): Promise<boolean> {
  return guard.allows(interaction, {
    label: "/tag",
    policy: { access: "moderator" },
    memberPermissions: TAG_MODERATOR_PERMISSIONS,
  });
}

type AccessServices = { guard: PermissionGuard; groups: GroupController };

/** A mod-only tag needs a moderator, a group-only tag a member of its group; refused as a use would be. */
async function checkAudience(
  tag: Tag,
  interaction: ChatInputCommandInteraction,
  services: AccessServices,
): Promise<void> {
  if (tag.modOnly) await requireModerator(services.guard, interaction, `the tag \`${tag.name}\``);
  if (tag.groupId !== null && !(await services.groups.isMember(tag.groupId, interaction.user.id))) {
    const group = await services.groups.getById(tag.groupId);
    throw new LegacyUserError(
      "NotInTagGroup",
      `Only members of the group \`${group?.name ?? "?"}\` can use the tag \`${tag.name}\`.`,
    );
  }
}

/**
 * Reading a tag's response (`/tag info`): whoever may use it, and moderators, who manage every tag anyway.
 * Others are refused as using it would refuse them.
 */
export async function checkTagRead(
  tag: Tag,
  interaction: ChatInputCommandInteraction,
  services: AccessServices,
): Promise<void> {
  if (!tag.modOnly && tag.groupId === null) return;
  if (await isTagModerator(services.guard, interaction)) return;
  await checkAudience(tag, interaction, services);
}

/** Every rule a use must pass, cheapest first; the cooldown is taken last so a refusal costs none. */
export async function checkTagUse(
  tag: Tag,
  interaction: ChatInputCommandInteraction,
  services: AccessServices & { cooldowns: CooldownController },
): Promise<void> {
  if (!tag.enabled) throw new LegacyUserError("TagDisabled", `The tag \`${tag.name}\` is disabled.`);
  await checkAudience(tag, interaction, services);
  if (tag.cooldownSeconds > 0) {
    const take = await services.cooldowns.take(
      tag.guildId,
      interaction.user.id,
      `tag:${tag.id}`,
      tag.cooldownSeconds,
    );
    if (!take.taken) {
      const seconds = Math.max(1, Math.ceil((take.retryAt.getTime() - Date.now()) / 1000));
      throw new LegacyUserError(
        "TagCooldown",
        `You can use \`${tag.name}\` again in ${seconds} s (<t:${Math.ceil(take.retryAt.getTime() / 1000)}:R>).`,
      );
    }
  }
}
