import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import {
  slashCommand,
  type AutocompleteChoice,
  type GuildCommandContext,
} from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { PermissionGuard } from "../../bot/permissions";
import { CooldownController } from "../../controllers/cooldown-controller";
import { GroupController } from "../../controllers/group-controller";
import { TagController, type TagChanges } from "../../controllers/tag-controller";
import { VariableController } from "../../controllers/variable-controller";
import { formatValue } from "../../controllers/variable-values";
import { UserError } from "../../errors/user-error";
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
    context: GuildCommandContext,
    args: TagSettings & { name: string; response: string },
  ): Promise<Reply> {
    const { guildId } = context;
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
    return { content: context.t.t("tags.created", { name: tag.name }) };
  }

  private async edit(
    context: GuildCommandContext,
    args: TagSettings & { name: string; response?: string | undefined; enabled?: boolean | undefined },
  ): Promise<Reply> {
    const { guildId } = context;
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
    return { content: context.t.t("tags.updated", { name: tag.name }) };
  }

  private async delete(context: GuildCommandContext, name: string): Promise<Reply> {
    const deleted = await this.tags.deleteTag(context.guildId, name);
    return { content: context.t.t("tags.deleted", { name: deleted }) };
  }

  private async info(context: GuildCommandContext, name: string): Promise<Reply> {
    const tag = await this.tags.getByNameOrFail(context.guildId, name);
    await checkTagRead(tag, context, { guard: this.guard, groups: this.groups });
    const group =
      tag.groupId === null
        ? undefined
        : (await this.groups.audienceOf(context.user.id, [tag.groupId])).get(tag.groupId);
    return { content: tagInfo(tag, group?.name ?? null, context.t) };
  }

  /** Every tag is listed; the response of one the member may not use is left out. */
  private async list(context: GuildCommandContext, page: number): Promise<Reply> {
    const found = await this.tags.list(context.guildId, page);
    const groupIds = found.items.flatMap((tag) => (tag.groupId === null ? [] : [tag.groupId]));
    const restricted = found.items.some((tag) => tag.modOnly || tag.groupId !== null);
    const audience: TagAudience = {
      moderator: restricted && (await isTagModerator(this.guard, context)),
      groups: await this.groups.audienceOf(context.user.id, groupIds),
    };
    return { content: tagList(found, audience, context.t) };
  }

  private async use(context: GuildCommandContext, name: string): Promise<Reply> {
    const { guildId } = context;
    const tag = await this.tags.getByNameOrFail(guildId, name);
    // The rules are checked against the row as counted (and locked), never the one read before: a tag made
    // moderator-only or given a new group meanwhile must not answer with its new response.
    const used = await this.tags.useChecked(guildId, tag, (counted) =>
      checkTagUse(counted, context, { guard: this.guard, groups: this.groups, cooldowns: this.cooldowns }),
    );
    const values = new Map<string, string>();
    for (const variable of variableNames(used.response)) {
      const found = await this.variables.get(guildId, variable);
      if (found) values.set(variable, formatValue(found.value));
    }
    const content = renderPlaceholders(used.response, {
      userId: context.user.id,
      userName: context.member.displayName,
      count: used.uses,
      variables: values,
    });
    // Discord refuses a message with nothing in it (empty variables can leave a response blank).
    if (content.trim() === "") throw new UserError("tags.empty", { name: used.name });
    // {user} renders as a mention, but nobody is pinged.
    return { content, ephemeral: false, mentions: { users: [] } };
  }

  private async suggest(guildId: string | null, prefix: string): Promise<AutocompleteChoice[]> {
    if (!guildId) return [];
    const names = await this.tags.suggestions(guildId, prefix);
    return names.map((name) => ({ name, value: name }));
  }
}
