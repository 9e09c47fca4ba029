import {
  type ChatInputCommandInteraction,
  type ContextMenuCommandInteraction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from "discord.js";
import type { Logger } from "../../logger";
import { Flags } from "../discord-enums";
import type { Deadline, Deadlines } from "./deadlines";
import { createPayload, editPayload, isModalReply, type HandlerResult, type Reply } from "./reply";

export type RepliableInteraction =
  | ChatInputCommandInteraction
  | ContextMenuCommandInteraction
  | MessageComponentInteraction
  | ModalSubmitInteraction;

export interface ResponderOptions {
  /** Defer when the handler has not answered this long after the interaction was created (Discord allows 3 s). */
  autoDeferMs: number;
  /** Whether this interaction's answers are ephemeral unless a reply says otherwise. */
  ephemeral: boolean;
  /** Components/modals on a message: defer as "updating that message" rather than as a new reply. */
  deferAsUpdate: boolean;
}

type State = "open" | "deferred" | "answered";

/**
 * Owns one interaction's answer: the first reply, the automatic defer before Discord's 3-second deadline,
 * and turning later replies into edits or follow-ups. Every path to Discord goes through one queue, so a
 * defer racing a reply can never acknowledge twice.
 */
export class InteractionResponder {
  private state: State = "open";
  private deferredEphemeral = false;
  private deferredUpdate = false;
  /** The last step sent to Discord, or undefined when nothing is pending. */
  private queue: Promise<void> | undefined;
  private readonly autoDefer: Deadline;

  constructor(
    private readonly interaction: RepliableInteraction,
    private readonly options: ResponderOptions,
    private readonly logger: Logger,
    deadlines: Deadlines,
  ) {
    // Discord's 3 s run from the interaction's creation: the time it took to reach us is already spent
    // (a creation time ahead of our clock counts as now).
    const created = Math.min(Date.now(), interaction.createdTimestamp);
    this.autoDefer = deadlines.add(created + options.autoDeferMs, () => {
      this.defer().catch((error: unknown) =>
        this.logger.warn({ err: error, interactionId: interaction.id }, "automatic defer failed"),
      );
    });
  }

  get answered(): boolean {
    return this.state !== "open";
  }

  get wasDeferred(): boolean {
    return this.deferredEphemeral || this.deferredUpdate || this.state === "deferred";
  }

  /** Acknowledge now ("thinking…"); the next `send` edits the deferred reply. A no-op once answered. */
  defer(ephemeral = this.options.ephemeral): Promise<void> {
    return this.enqueue(async () => {
      if (this.state !== "open") return;
      if (this.options.deferAsUpdate && this.canUpdate()) {
        await (this.interaction as MessageComponentInteraction).deferUpdate();
        this.deferredUpdate = true;
      } else {
        await this.interaction.deferReply(ephemeral ? { flags: Flags.Ephemeral } : {});
        this.deferredEphemeral = ephemeral;
      }
      this.state = "deferred";
    });
  }

  /** Sends the handler's answer: a reply, an edit of the deferred reply, an update, or a modal. */
  send(result: HandlerResult): Promise<void> {
    return this.enqueue(async () => {
      if (isModalReply(result)) {
        if (this.state !== "open" || this.interaction.isModalSubmit()) {
          throw new Error("a modal can only be the first answer to a command or component");
        }
        await this.interaction.showModal(result.modal);
        this.state = "answered";
        return;
      }
      const reply: Reply = { ...result, ephemeral: result.ephemeral ?? this.options.ephemeral };
      if (this.state === "open") await this.answer(reply);
      else if (this.state === "deferred") await this.completeDeferred(reply);
      else await this.interaction.followUp(createPayload(reply));
      this.state = "answered";
    });
  }

  /** Shows how far slow work got by editing the deferred reply; a no-op unless deferred and not answered. */
  progress(reply: Reply): Promise<void> {
    return this.enqueue(async () => {
      if (this.state !== "deferred" || this.deferredUpdate) return;
      await this.interaction.editReply(editPayload(reply));
    });
  }

  /** A further message after the answer. */
  followUp(reply: Reply): Promise<void> {
    return this.enqueue(async () => {
      await this.interaction.followUp(createPayload({ ...reply, ephemeral: reply.ephemeral ?? true }));
    });
  }

  dispose(): void {
    this.autoDefer.cancel();
  }

  private async answer(reply: Reply): Promise<void> {
    this.autoDefer.cancel();
    if (reply.update && this.canUpdate()) {
      await (this.interaction as MessageComponentInteraction).update(editPayload(reply));
    } else {
      await this.interaction.reply(createPayload(reply));
    }
  }

  private async completeDeferred(reply: Reply): Promise<void> {
    if (this.deferredUpdate) {
      if (reply.update) await this.interaction.editReply(editPayload(reply));
      else await this.interaction.followUp(createPayload(reply));
      return;
    }
    if (Boolean(reply.ephemeral) === this.deferredEphemeral) {
      await this.interaction.editReply(editPayload(reply));
      return;
    }
    // A deferred reply cannot change visibility: replace it with a follow-up that has the right one.
    await this.interaction.deleteReply();
    await this.interaction.followUp(createPayload(reply));
  }

  private canUpdate(): boolean {
    return (
      this.interaction.isMessageComponent() ||
      (this.interaction.isModalSubmit() && this.interaction.isFromMessage())
    );
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue ? this.queue.then(step) : step();
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queue = settled;
    // `settled` never rejects and this callback cannot throw: nothing here for Incidents to catch.
    void settled.then(() => {
      if (this.queue === settled) this.queue = undefined;
    });
    return next;
  }
}
