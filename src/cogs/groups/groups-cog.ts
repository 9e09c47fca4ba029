import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { GroupController } from "../../controllers/group-controller";
import { LegacyUserError } from "../../errors/user-error";
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

  private async create(context: CommandContext, name: string): Promise<Reply> {
    const group = await this.groups.createGroup(guildIdOf(context), name);
    return { content: `Created the group \`${group.name}\`.` };
  }

  private async delete(context: CommandContext, name: string): Promise<Reply> {
    const group = await this.groups.deleteGroup(guildIdOf(context), name);
    const tags = group.tagsMadeModOnly;
    const note = tags > 0 ? ` Its ${tags} tag${tags === 1 ? " is" : "s are"} now for moderators only.` : "";
    return { content: `Deleted the group \`${group.name}\`.${note}` };
  }

  private async add(context: CommandContext, name: string, user: ResolvedUser): Promise<Reply> {
    const group = await this.groups.getByNameOrFail(guildIdOf(context), name);
    const added = await this.groups.addMember(group.id, user.user.id);
    return {
      content: added
        ? `Added <@${user.user.id}> to \`${group.name}\`.`
        : `<@${user.user.id}> is already in \`${group.name}\`.`,
    };
  }

  private async remove(context: CommandContext, name: string, user: ResolvedUser): Promise<Reply> {
    const group = await this.groups.getByNameOrFail(guildIdOf(context), name);
    if (!(await this.groups.removeMember(group.id, user.user.id))) {
      throw new LegacyUserError("NotInGroup", `<@${user.user.id}> isn't in \`${group.name}\`.`);
    }
    return { content: `Removed <@${user.user.id}> from \`${group.name}\`.` };
  }

  private async list(context: CommandContext, name: string | undefined): Promise<Reply> {
    const guildId = guildIdOf(context);
    if (name) {
      const group = await this.groups.getByNameOrFail(guildId, name);
      const members = await this.groups.memberIds(group.id);
      const listed = members.length ? members.map((id) => `<@${id}>`).join(", ") : "no members";
      return { content: `\`${group.name}\`: ${listed}` };
    }
    const groups = await this.groups.listGroups(guildId);
    if (groups.length === 0) return { content: "No groups yet." };
    return {
      content: groups.map((group) => `\`${group.name}\` · ${group.members} member(s)`).join("\n"),
    };
  }
}

function guildIdOf(context: CommandContext): string {
  if (!context.guildId) throw new LegacyUserError("GuildOnly", "This only works in a server.");
  return context.guildId;
}
