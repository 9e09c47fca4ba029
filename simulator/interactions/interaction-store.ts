import { apiErrors } from "../core/api-error";
import type { Clock } from "../types";
import type { SimInteraction } from "./sim-interaction";

/** Discord's windows: 3 s for the initial response, 15 min for the webhook (edits, follow-ups). */
export const CALLBACK_WINDOW_MS = 3000;
export const WEBHOOK_WINDOW_MS = 15 * 60 * 1000;
const PRUNE_EVERY = 1000;

export interface ShownModal {
  customId: string;
  components: unknown[];
  sourceMessageId: string | null;
  channelId: string;
}

/** Interactions by id and token, plus the modals bots opened (for building their submissions). */
export class InteractionStore {
  private readonly byId = new Map<string, SimInteraction>();
  private readonly byToken = new Map<string, SimInteraction>();
  private readonly modals = new Map<string, ShownModal>();
  private added = 0;

  constructor(private readonly clock: Clock) {}

  add(interaction: SimInteraction): void {
    this.byId.set(interaction.id, interaction);
    this.byToken.set(interaction.token, interaction);
    this.added += 1;
    if (this.added % PRUNE_EVERY === 0) this.pruneExpired();
  }

  /** For POST /interactions/:id/:token/callback: known, matching token, within 3 s, not yet answered. */
  forCallback(id: string, token: string): SimInteraction {
    const interaction = this.byId.get(id);
    if (!interaction || interaction.token !== token) throw apiErrors.unknownInteraction();
    if (this.clock() - interaction.context.createdAtMs > CALLBACK_WINDOW_MS)
      throw apiErrors.unknownInteraction();
    if (interaction.callbackRecord) throw apiErrors.alreadyAcknowledged();
    return interaction;
  }

  /** For /webhooks/:app/:token/...: acknowledged and within 15 min. */
  forWebhook(token: string): SimInteraction {
    const interaction = this.byToken.get(token);
    if (!interaction || !interaction.callbackRecord) throw apiErrors.unknownWebhook();
    if (this.clock() - interaction.context.createdAtMs > WEBHOOK_WINDOW_MS) throw apiErrors.unknownWebhook();
    return interaction;
  }

  rememberModal(modal: ShownModal): void {
    this.modals.set(modal.customId, modal);
  }

  modal(customId: string): ShownModal | undefined {
    return this.modals.get(customId);
  }

  close(): void {
    for (const interaction of this.byId.values()) interaction.cancelWaits("the simulator was closed");
  }

  private pruneExpired(): void {
    const cutoff = this.clock() - WEBHOOK_WINDOW_MS;
    for (const [id, interaction] of this.byId) {
      if (interaction.context.createdAtMs >= cutoff) break;
      this.byId.delete(id);
      this.byToken.delete(interaction.token);
    }
  }
}
