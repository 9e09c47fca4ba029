import { GatewayOpcodes, type GatewayDispatchEvents } from "discord-api-types/v10";
import { WebSocket } from "ws";
import { shardOf } from "../core/snowflake";

interface BufferedDispatch {
  seq: number;
  text: string;
}

const BUFFER_KEEP = 2000;

/**
 * One identified gateway session (one shard of one bot). Every dispatch gets the next sequence number
 * and is buffered, so a client that lost its socket can RESUME and receive what it missed.
 */
export class GatewaySession {
  seq = 0;
  resumed = 0;
  /** When this session's READY went out (performance.now()). */
  readonly readyAt = performance.now();
  readonly guildIds = new Set<string>();
  private buffer: BufferedDispatch[] = [];

  constructor(
    readonly sessionId: string,
    readonly shardId: number,
    readonly shardCount: number,
    readonly intents: number,
    public socket: WebSocket | null,
  ) {}

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  owns(guildId: string): boolean {
    return shardOf(guildId, this.shardCount) === this.shardId;
  }

  send(event: GatewayDispatchEvents, data: unknown): void {
    this.seq += 1;
    const text = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: this.seq, d: data });
    this.buffer.push({ seq: this.seq, text });
    if (this.buffer.length > BUFFER_KEEP * 2) this.buffer = this.buffer.slice(-BUFFER_KEEP);
    if (this.connected) this.socket?.send(text);
  }

  /** Whether every dispatch after `seq` is still buffered. */
  canResumeFrom(seq: number): boolean {
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    return seq <= this.seq && seq >= oldest - 1;
  }

  /** Re-sends the dispatches after `seq` on the current socket. */
  replayAfter(seq: number): number {
    let replayed = 0;
    for (const entry of this.buffer) {
      if (entry.seq > seq) {
        this.socket?.send(entry.text);
        replayed += 1;
      }
    }
    return replayed;
  }
}
