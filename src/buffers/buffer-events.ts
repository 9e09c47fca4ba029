import { service } from "../service";
import { Observers } from "../observers";

/** The in-memory buffers written in batches. */
export type BufferName = "activity" | "message_log" | "last_seen" | "usage" | "server_log";

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

/** Tells observers (metrics) about items a buffer dropped; listeners must not do I/O inline. */
@service()
export class BufferEvents {
  private readonly observers = new Observers<BufferDrop>();

  onDropped(listener: (event: BufferDrop) => void): void {
    this.observers.add(listener);
  }

  emit(event: BufferDrop): void {
    this.observers.emit(event);
  }
}
