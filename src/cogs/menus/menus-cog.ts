import { RESTJSONErrorCodes, type Guild, type ModalSubmitInteraction } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { validateArguments } from "../../bot/commands/arguments";
import { userMenu, type MenuRegistration, type UserMenuContext } from "../../bot/commands/menu";
import {
  guildModalHandler,
  type ComponentRegistration,
  type GuildComponentContext,
} from "../../bot/commands/registration";
import { ComponentSigner } from "../../bot/component-signer";
import type { HandlerResult } from "../../bot/interactions/reply";
import { UserError } from "../../errors/user-error";
import { ValidationError } from "../../errors/validation-error";
import { MemberHistory } from "../cases/member-history";
import { isGone } from "../moderation/discord-failure";
import { MemberActions } from "../moderation/member-actions";
import { ACTION_MENUS, type ActionMenu } from "./action-menus";
import { HistoryMenu } from "./definitions";
import { menuModal, modalFields } from "./reason-modal";

const moderators = { access: "moderator", ephemeral: true } as const;

/**
 * Context menus on a member: "Warn", "Note", "Timeout" (a modal, then exactly what the slash command does)
 * and "History" (what /history shows). Message menus belong to the cog of the feature they start
 * (`messageMenu(…)` in that cog's `menus`), like "Purge after this" with /purge.
 */
@injectable()
export class MenusCog implements Cog {
  readonly name = "menus";
  readonly database = "required";
  readonly menus: readonly MenuRegistration[] = [
    ...ACTION_MENUS.map((menu) =>
      userMenu(menu.definition, (context, target) => Promise.resolve(this.open(context, target, menu)), {
        ...moderators,
        ...(menu.botPermissions ? { botPermissions: menu.botPermissions } : {}),
      }),
    ),
    userMenu(HistoryMenu, (context, target) => this.history.of(context.guildId, target.user.id, context.t), {
      ...moderators,
    }),
  ];
  readonly components: readonly ComponentRegistration[] = ACTION_MENUS.map((menu) =>
    guildModalHandler(menu.prefix, (context, targetId) => this.submit(context, targetId, menu), {
      checkedAs: [menu.command],
      signed: true,
      ephemeral: true,
    }),
  );

  constructor(
    @inject(MemberActions) private readonly actions: MemberActions,
    @inject(MemberHistory) private readonly history: MemberHistory,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  private open(context: UserMenuContext, target: ResolvedUser, menu: ActionMenu): HandlerResult {
    const username = target.user.username;
    if (menu.needsMember && !target.member)
      throw new UserError("moderation.not_a_member", { target: username });
    const customId = this.signer.sign(`${menu.prefix}:${target.user.id}`);
    const title = context.t.t(menu.title, { target: username });
    return { modal: menuModal(customId, title, menu.fields, context.t) };
  }

  private async submit(
    context: GuildComponentContext,
    targetId: string,
    menu: ActionMenu,
  ): Promise<HandlerResult> {
    const values = modalFields(context.interaction as ModalSubmitInteraction, menu.fields);
    let args: Record<string, unknown>;
    try {
      args = validateArguments(values, menu.validation);
    } catch (error) {
      // Named as the slash command's options, in the member's language.
      throw error instanceof ValidationError ? error.ofCommand([menu.command]) : error;
    }
    const target = await resolveTarget(context.guild, targetId);
    return this.actions.act(context, target, menu.spec(args));
  }
}

/** The user the modal was opened on, and their membership now (they may have left meanwhile). */
async function resolveTarget(guild: Guild, userId: string): Promise<ResolvedUser> {
  try {
    const member = await guild.members.fetch({ user: userId, force: true });
    return { user: member.user, member };
  } catch (error) {
    if (!isGone(error, RESTJSONErrorCodes.UnknownMember)) throw error;
  }
  return { user: await guild.client.users.fetch(userId), member: null };
}
