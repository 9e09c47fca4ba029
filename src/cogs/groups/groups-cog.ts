import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { GroupController } from "../../controllers/group-controller";
import { UserError } from "../../errors/user-error";
import { GroupCommand } from "./definitions";

/** `/group`: named groups of members, for moderators. */
@injectable()
export class GroupsCog implements Cog {
  readonly name = "groups";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      GroupCommand,
      {
        create: (context, { name }) => this.create(context, name),
        delete: (context, { name }) => this.delete(context, name),
        add: (context, { name, user }) => this.add(context, name, user),
        remove: (context, { name, user }) => this.remove(context, name, user),
        list: (context, { name }) => this.list(context, name),
      },
      { access: "moderator", ephemeral: true },
    ),
  ];

  constructor(@inject(GroupController) private readonly groups: GroupController) {}

  private async create(context: GuildCommandContext, name: string): Promise<Reply> {
    const group = await this.groups.createGroup(context.guildId, name);
    return { content: context.t.t("groups.created", { name: group.name }) };
  }

  private async delete(context: GuildCommandContext, name: string): Promise<Reply> {
    const group = await this.groups.deleteGroup(context.guildId, name);
    return { content: context.t.t("groups.deleted", { name: group.name, tags: group.tagsMadeModOnly }) };
  }

  private async add(context: GuildCommandContext, name: string, user: ResolvedUser): Promise<Reply> {
    const group = await this.groups.getByNameOrFail(context.guildId, name);
    const added = await this.groups.addMember(group.id, user.user.id);
    const values = { member: `<@${user.user.id}>`, name: group.name };
    return { content: context.t.t(added ? "groups.added" : "groups.already_in", values) };
  }

  private async remove(context: GuildCommandContext, name: string, user: ResolvedUser): Promise<Reply> {
    const group = await this.groups.getByNameOrFail(context.guildId, name);
    const values = { member: `<@${user.user.id}>`, name: group.name };
    if (!(await this.groups.removeMember(group.id, user.user.id)))
      throw new UserError("groups.not_in", values);
    return { content: context.t.t("groups.removed", values) };
  }

  private async list(context: GuildCommandContext, name: string | undefined): Promise<Reply> {
    const { t } = context;
    if (name) {
      const group = await this.groups.getByNameOrFail(context.guildId, name);
      const members = await this.groups.memberIds(group.id);
      const listed = members.length ? members.map((id) => `<@${id}>`).join(", ") : t.t("groups.no_members");
      return { content: t.t("groups.members", { name: group.name, members: listed }) };
    }
    const groups = await this.groups.listGroups(context.guildId);
    if (groups.length === 0) return { content: t.t("groups.empty") };
    return {
      content: groups
        .map((group) => t.t("groups.line", { name: group.name, members: group.members }))
        .join("\n"),
    };
  }
}
