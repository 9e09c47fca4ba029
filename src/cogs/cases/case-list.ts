import { inject, injectable } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import type { GuildInteractionContext } from "../../bot/interactions/context";
import type { Reply } from "../../bot/interactions/reply";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import { UserError } from "../../errors/user-error";
import { CasePager } from "./case-pager";
import { Clock } from "./clock";
import { decodeListState, type ListFilter, type PageAnchor } from "./list-state";
import { listReply } from "./list-view";

/** How long Previous/Next keep working after they were issued (each page issues them afresh). */
export const BUTTON_LIFETIME_MS = 10 * 60 * 1000;

/** Who is looking at the list, where, and in which language: what a command or a press knows. */
type Viewer = Pick<GuildInteractionContext<RepliableInteraction>, "guildId" | "user" | "t">;

/** `/cases` and its Previous/Next buttons. */
@injectable()
export class CaseList {
  constructor(
    @inject(CasePager) private readonly pager: CasePager,
    @inject(Clock) private readonly clock: Clock,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  first(viewer: Viewer, filter: ListFilter): Promise<Reply> {
    return this.render(viewer, filter, { direction: "first" }, 1);
  }

  /** A Previous/Next press: only by whoever ran /cases, and only while the buttons are fresh. */
  async press(viewer: Viewer, payload: string): Promise<Reply> {
    const state = decodeListState(payload);
    if (!state) throw new UserError("cases.buttons_unknown");
    if (state.invokerId !== viewer.user.id) throw new UserError("cases.buttons_not_yours");
    if (this.clock.now() - state.issuedAt > BUTTON_LIFETIME_MS) throw new UserError("cases.buttons_expired");
    const reply = await this.render(viewer, state.filter, state.anchor, state.page);
    return { ...reply, update: true };
  }

  private async render(viewer: Viewer, filter: ListFilter, anchor: PageAnchor, page: number): Promise<Reply> {
    const view = await this.pager.page(viewer.guildId, filter, anchor, page);
    return listReply(viewer.t, view, {
      filter,
      invokerId: viewer.user.id,
      now: this.clock.now(),
      sign: (customId) => this.signer.sign(customId),
    });
  }
}
