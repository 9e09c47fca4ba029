import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CommandRefusal } from "../../errors/command-refusal";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import { Clock } from "../clock";
import {
  guildComponentHandler,
  type CommandPath,
  type ComponentRegistration,
} from "../commands/registration";
import { ComponentSigner } from "../component-signer";
import type { GuildInteractionContext } from "../interactions/context";
import type { Reply } from "../interactions/reply";
import type { RepliableInteraction } from "../interactions/responder";
import { decodePageState, encodePageState, type AnchorCodec } from "./page-state";

/** Where a Previous/Next button leads: the anchor its page starts from, and that page's number. */
export interface PageLink<A> {
  anchor: A;
  page: number;
}

/** One page as the list shows it; the pager adds the buttons. */
export interface PageView<A> {
  reply: Reply;
  previous: PageLink<A> | null;
  next: PageLink<A> | null;
}

export type PagerContext = GuildInteractionContext<RepliableInteraction>;

export interface PagerSpec<A> {
  /** The custom id prefix of its buttons. */
  prefix: string;
  /** The command the list belongs to: every press re-runs its permission check, and replies name it. */
  command: CommandPath;
  codec: AnchorCodec<A>;
  /** Buttons stop working this long after they were issued (each page issues them afresh). */
  lifetimeMs?: number;
  page(context: PagerContext, anchor: A, page: number): Promise<PageView<A>>;
}

const DEFAULT_LIFETIME_MS = 10 * 60 * 1000;

/**
 * A paged list: the first page for the command, and one component handler for its Previous/Next buttons.
 * A press is honoured only from the member who ran the command (who must still pass its permission check),
 * only while the buttons are fresh, and only with a signed custom id; the state it carries is never trusted
 * for anything else.
 */
export class Pager<A> {
  readonly component: ComponentRegistration;

  constructor(
    private readonly spec: PagerSpec<A>,
    private readonly signer: ComponentSigner,
    private readonly clock: Clock,
  ) {
    this.component = guildComponentHandler(spec.prefix, (context, payload) => this.press(context, payload), {
      updatesMessage: true,
      checkedAs: spec.command,
      signed: true,
    });
  }

  first(context: PagerContext, anchor: A): Promise<Reply> {
    return this.show(context, context.user.id, anchor, 1);
  }

  private async press(context: PagerContext, payload: string): Promise<Reply> {
    const state = decodePageState(payload, this.spec.codec);
    if (!state) throw new UserError("common.no_longer_works");
    if (state.invokerId !== context.user.id)
      throw new CommandRefusal("common.pager_not_yours", this.spec.command);
    if (this.clock.now() - state.issuedAt > (this.spec.lifetimeMs ?? DEFAULT_LIFETIME_MS)) {
      throw new CommandRefusal("common.pager_expired", this.spec.command);
    }
    return { ...(await this.show(context, state.invokerId, state.anchor, state.page)), update: true };
  }

  private async show(context: PagerContext, invokerId: string, anchor: A, page: number): Promise<Reply> {
    const view = await this.spec.page(context, anchor, page);
    if (!view.previous && !view.next) return { ...view.reply, components: [] };
    return { ...view.reply, components: [this.buttons(context.t, invokerId, view)] };
  }

  private buttons(
    t: Translator,
    invokerId: string,
    view: PageView<A>,
  ): APIActionRowComponent<APIButtonComponent> {
    const issuedAt = this.clock.now();
    const button = (label: string, link: PageLink<A> | null, fallback: A): APIButtonComponent => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label,
      custom_id: this.signer.sign(
        encodePageState(
          this.spec.prefix,
          { page: link?.page ?? 1, invokerId, issuedAt, anchor: link?.anchor ?? fallback },
          this.spec.codec,
        ),
      ),
      disabled: link === null,
    });
    const fallback = (view.previous ?? view.next)!.anchor;
    return {
      type: ComponentType.ActionRow,
      components: [
        button(t.t("common.previous"), view.previous, fallback),
        button(t.t("common.next"), view.next, fallback),
      ],
    };
  }
}

/** Makes pagers for the cogs (their signer and clock come from the container). */
@injectable()
export class Pagers {
  constructor(
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  create<A>(spec: PagerSpec<A>): Pager<A> {
    return new Pager(spec, this.signer, this.clock);
  }
}
