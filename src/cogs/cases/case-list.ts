import { inject, injectable } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import type { Reply } from "../../bot/interactions/reply";
import { LegacyUserError } from "../../errors/user-error";
import { CasePager } from "./case-pager";
import { Clock } from "./clock";
import { decodeListState, type ListFilter, type PageAnchor } from "./list-state";
import { listReply } from "./list-view";

/** How long Previous/Next keep working after they were issued (each page issues them afresh). */
export const BUTTON_LIFETIME_MS = 10 * 60 * 1000;

/** `/cases` and its Previous/Next buttons. */
@injectable()
export class CaseList {
  constructor(
    @inject(CasePager) private readonly pager: CasePager,
    @inject(Clock) private readonly clock: Clock,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  first(guildId: string, invokerId: string, filter: ListFilter): Promise<Reply> {
    return this.render(guildId, invokerId, filter, { direction: "first" }, 1);
  }

  /** A Previous/Next press: only by whoever ran /cases, and only while the buttons are fresh. */
  async press(guildId: string, userId: string, payload: string): Promise<Reply> {
    const state = decodeListState(payload);
    if (!state) throw new LegacyUserError("UnknownComponent", "That no longer works; run /cases again.");
    if (state.invokerId !== userId) {
      throw new LegacyUserError("NotYourButtons", "Only the person who ran /cases can use these buttons.");
    }
    if (this.clock.now() - state.issuedAt > BUTTON_LIFETIME_MS) {
      throw new LegacyUserError("ButtonsExpired", "These buttons have expired; run /cases again.");
    }
    const reply = await this.render(guildId, userId, state.filter, state.anchor, state.page);
    return { ...reply, update: true };
  }

  private async render(
    guildId: string,
    invokerId: string,
    filter: ListFilter,
    anchor: PageAnchor,
    page: number,
  ): Promise<Reply> {
    const view = await this.pager.page(guildId, filter, anchor, page);
    return listReply(view, {
      filter,
      invokerId,
      now: this.clock.now(),
      sign: (customId) => this.signer.sign(customId),
    });
  }
}
