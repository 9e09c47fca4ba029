import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type AutocompleteChoice, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { PermissionGuard } from "../../bot/permissions";
import { CooldownController } from "../../controllers/cooldown-controller";
import { GroupController } from "../../controllers/group-controller";
import { TagController, unknownTag, type TagChanges } from "../../controllers/tag-controller";
import { VariableController } from "../../controllers/variable-controller";
import { formatValue } from "../../controllers/variable-values";
import { LegacyUserError } from "../../errors/user-error";
import { TagCommand } from "./definitions";
import { renderPlaceholders, variableNames } from "./placeholders";
import { checkTagRead, checkTagUse, isTagModerator, TAG_MODERATOR_PERMISSIONS } from "./tag-access";
import { tagInfo, tagList, type TagAudience } from "./tag-lines";

/** Creating, editing and deleting tags (and suggesting names for them) is for tag moderators. */
const moderators = {
  access: "moderator",
  memberPermissions: TAG_MODERATOR_PERMISSIONS,
  ephemeral: true,
} as const;

interface TagSettings {
  cooldown?: number | undefined;
  mod_only?: boolean | undefined;
  group?: string | undefined;
}

/**
 * `/tag`: custom commands. Moderators create, edit and delete them; a tag limited to moderators or to a group
 * is used and read only by them (moderators read every tag).
 */
@injectable()
export class TagsCog implements Cog {
  readonly name = "tags";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      TagCommand,
      {
        create: { ...moderators, run: (context, args) => this.create(context, args) },
        edit: { ...moderators, run: (context, args) => this.edit(context, args) },
        delete: { ...moderators, run: (context, { name }) => this.delete(context, name) },
        info: { run: (context, { name }) => this.info(context, name), ephemeral: true },
        list: { run: (context, { page }) => this.list(context, page ?? 1), ephemeral: true },
        use: (context, { name }) => this.use(context, name),
      },
      { autocomplete: (interaction, focused) => this.suggest(interaction.guildId, focused.value) },
    ),
  ];

  constructor(
    @inject(TagController) private readonly tags: TagController,
    @inject(GroupController) private readonly groups: GroupController,
    @inject(VariableController) private readonly variables: VariableController,
    @inject(CooldownController) private readonly cooldowns: CooldownController,
    @inject(PermissionGuard) private readonly guard: PermissionGuard,
  ) {}

  private async create(
    context: CommandContext,
    args: TagSettings & { name: string; response: string },
  ): Promise<Reply> {
    const guildId = guildIdOf(context);
    const group = args.group ? await this.groups.getByNameOrFail(guildId, args.group) : null;
    const tag = await this.tags.createTag({
      guildId,
      name: args.name,
      response: args.response,
      createdBy: context.user.id,
      cooldownSeconds: args.cooldown ?? 0,
      modOnly: args.mod_only ?? false,
      groupId: group?.id ?? null,
    });
    return { content: `Created the tag \`${tag.name}\`.` };
  }

  private async edit(
    context: CommandContext,
    args: TagSettings & { name: string; response?: string | undefined; enabled?: boolean | undefined },
  ): Promise<Reply> {
    const guildId = guildIdOf(context);
    const changes: TagChanges = {
      response: args.response,
      enabled: args.enabled,
      cooldownSeconds: args.cooldown,
      modOnly: args.mod_only,
    };
    if (args.group !== undefined) {
      changes.groupId =
        args.group.trim().toLowerCase() === "none"
          ? null
          : (await this.groups.getByNameOrFail(guildId, args.group)).id;
    }
    const tag = await this.tags.edit(guildId, args.name, changes);
    return { content: `Updated the tag \`${tag.name}\`.` };
  }

  private async delete(context: CommandContext, name: string): Promise<Reply> {
    const deleted = await this.tags.deleteTag(guildIdOf(context), name);
    return { content: `Deleted the tag \`${deleted}\`.` };
  }

  private async info(context: CommandContext, name: string): Promise<Reply> {
    const tag = await this.tags.getByNameOrFail(guildIdOf(context), name);
    await checkTagRead(tag, context.interaction, { guard: this.guard, groups: this.groups });
    const group = tag.groupId === null ? null : await this.groups.getById(tag.groupId);
    return { content: tagInfo(tag, group?.name ?? null) };
  }

  /** Every tag is listed; the response of one the member may not use is left out. */
  private async list(context: CommandContext, page: number): Promise<Reply> {
    const found = await this.tags.list(guildIdOf(context), page);
    const groupIds = found.items.flatMap((tag) => (tag.groupId === null ? [] : [tag.groupId]));
    const restricted = found.items.some((tag) => tag.modOnly || tag.groupId !== null);
    const audience: TagAudience = {
      moderator: restricted && (await isTagModerator(this.guard, context.interaction)),
      groups: await this.groups.audienceOf(context.user.id, groupIds),
    };
    return { content: tagList(found, audience) };
  }

  private async use(context: CommandContext, name: string): Promise<Reply> {
    const guildId = guildIdOf(context);
    const tag = await this.tags.getByNameOrFail(guildId, name);
    // The cooldown and the use count go together: a use that cannot be counted costs no cooldown.
    // The rules are checked against the row as counted (and locked) here, never the one read before: a tag
    // made moderator-only or given a new group meanwhile must not answer with its new response.
    const used = await this.tags.transaction(async () => {
      const counted = await this.tags.use(guildId, tag.name);
      // Not counted: disabled (said by the checks on the row read before) or deleted meanwhile.
      await checkTagUse(counted ?? tag, context.interaction, {
        guard: this.guard,
        groups: this.groups,
        cooldowns: this.cooldowns,
      });
      if (!counted) throw unknownTag(name);
      return counted;
    });
    const values = new Map<string, string>();
    for (const variable of variableNames(used.response)) {
      const found = await this.variables.get(guildId, variable);
      if (found) values.set(variable, formatValue(found.value));
    }
    const content = renderPlaceholders(used.response, {
      userId: context.user.id,
      userName: context.member?.displayName ?? context.user.username,
      count: used.uses,
      variables: values,
    });
    // Discord refuses a message with nothing in it (empty variables can leave a response blank).
    if (content.trim() === "")
      throw new LegacyUserError("EmptyTag", `The tag \`${used.name}\` has nothing to say right now.`);
    // {user} renders as a mention, but nobody is pinged.
    return { content, ephemeral: false, mentions: { users: [] } };
  }

  private async suggest(guildId: string | null, prefix: string): Promise<AutocompleteChoice[]> {
    if (!guildId) return [];
    const names = await this.tags.suggestions(guildId, prefix);
    return names.map((name) => ({ name, value: name }));
  }
}

function guildIdOf(context: CommandContext): string {
  if (!context.guildId) throw new LegacyUserError("GuildOnly", "This only works in a server.");
  return context.guildId;
}
