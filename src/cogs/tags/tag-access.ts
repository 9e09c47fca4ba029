import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import type { PermissionGuard } from "../../bot/permissions";
import type { CooldownController } from "../../controllers/cooldown-controller";
import type { GroupController } from "../../controllers/group-controller";
import type { Tag } from "../../entities/tag";
import { UserError } from "../../errors/user-error";

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

/** Every rule a use must pass, cheapest first; the cooldown is taken last so a refusal costs none. */
export async function checkTagUse(
  tag: Tag,
  interaction: ChatInputCommandInteraction,
  services: { guard: PermissionGuard; groups: GroupController; cooldowns: CooldownController },
): Promise<void> {
  if (!tag.enabled) throw new UserError("TagDisabled", `The tag \`${tag.name}\` is disabled.`);
  if (tag.modOnly) await requireModerator(services.guard, interaction, `the tag \`${tag.name}\``);
  if (tag.groupId !== null && !(await services.groups.isMember(tag.groupId, interaction.user.id))) {
    const group = await services.groups.getById(tag.groupId);
    throw new UserError(
      "NotInTagGroup",
      `Only members of the group \`${group?.name ?? "?"}\` can use the tag \`${tag.name}\`.`,
    );
  }
  if (tag.cooldownSeconds > 0) {
    const take = await services.cooldowns.take(
      tag.guildId,
      interaction.user.id,
      `tag:${tag.id}`,
      tag.cooldownSeconds,
    );
    if (!take.taken) {
      const seconds = Math.max(1, Math.ceil((take.retryAt.getTime() - Date.now()) / 1000));
      throw new UserError(
        "TagCooldown",
        `You can use \`${tag.name}\` again in ${seconds} s (<t:${Math.ceil(take.retryAt.getTime() / 1000)}:R>).`,
      );
    }
  }
}
