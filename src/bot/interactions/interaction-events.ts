import { service } from "../../service";
import type { Locale } from "../../i18n/locales";
import { Observers } from "../../observers";

export interface FinishedInteraction {
  /** `/case show`, or `component:cases` / `modal:report` for components. */
  command: string;
  guildId: string | null;
  userId: string;
  /** ok: answered as meant; refused: an expected failure (UserError); error: an incident. */
  outcome: "ok" | "refused" | "error";
  latencyMs: number;
  /** The language Warden answered in. */
  locale: Locale;
}

/**
 * Tells observers (usage statistics, metrics) about every interaction the router finished. Listeners run
 * synchronously after the answer was sent and must not do I/O inline: they buffer.
 */
@service()
export class InteractionEvents {
  private readonly observers = new Observers<FinishedInteraction>();

  onFinished(listener: (event: FinishedInteraction) => void): void {
    this.observers.add(listener);
  }

  emit(event: FinishedInteraction): void {
    this.observers.emit(event);
  }
}
