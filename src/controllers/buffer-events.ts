import { injectable } from "tsyringe";

/** The in-memory buffers written in batches. */
export type BufferName = "activity" | "message_log" | "usage";

/**
 * Why items left a buffer unwritten: `overflow` — it was full (the database was away too long);
 * `rejected` — the database refused that row itself, so it could never be written.
 */
export type DropReason = "overflow" | "rejected";

export interface BufferDrop {
  buffer: BufferName;
  reason: DropReason;
  count: number;
}

type Listener = (drop: BufferDrop) => void;

/** Tells observers (metrics) about items a buffer dropped; listeners must not do I/O inline. */
@injectable()
export class BufferEvents {
  private readonly listeners: Listener[] = [];

  onDropped(listener: Listener): void {
    this.listeners.push(listener);
  }

  emit(drop: BufferDrop): void {
    for (const listener of this.listeners) {
      try {
        listener(drop);
      } catch {
        // An observer's bug must never stop a flush.
      }
    }
  }
}
