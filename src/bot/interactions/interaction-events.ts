import { injectable } from "tsyringe";

export interface FinishedInteraction {
  /** `/case show`, or `component:cases` / `modal:report` for components. */
  command: string;
  guildId: string | null;
  userId: string;
  /** ok: answered as meant; refused: an expected failure (UserError); error: an incident. */
  outcome: "ok" | "refused" | "error";
  latencyMs: number;
}

type Listener = (interaction: FinishedInteraction) => void;

/**
 * Tells observers (usage statistics, metrics) about every interaction the router finished. Listeners run
 * synchronously after the answer was sent and must not do I/O inline: they buffer.
 */
@injectable()
export class InteractionEvents {
  private readonly listeners: Listener[] = [];

  onFinished(listener: Listener): void {
    this.listeners.push(listener);
  }

  emit(interaction: FinishedInteraction): void {
    for (const listener of this.listeners) {
      try {
        listener(interaction);
      } catch {
        // An observer's bug must never reach the person who used the command.
      }
    }
  }
}
