import { randomBytes } from "node:crypto";
import type { WebSocket } from "ws";
import { Condition } from "../core/condition";
import type { SessionInfo } from "../types";
import { GatewaySession } from "./gateway-session";

/** The gateway sessions that can still receive events: connected ones and dropped-but-resumable ones. */
export class SessionRegistry {
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly changed = new Condition();

  create(shardId: number, shardCount: number, intents: number, socket: WebSocket): GatewaySession {
    const session = new GatewaySession(randomBytes(16).toString("hex"), shardId, shardCount, intents, socket);
    this.sessions.set(session.sessionId, session);
    return session;
  }

  get(sessionId: string): GatewaySession | undefined {
    return this.sessions.get(sessionId);
  }

  all(): IterableIterator<GatewaySession> {
    return this.sessions.values();
  }

  /** The client closed normally (1000/1001) or the session is unknown: it can no longer resume. */
  invalidate(session: GatewaySession): void {
    this.sessions.delete(session.sessionId);
    this.notify();
  }

  /** Call when a session became ready, resumed or lost its socket. */
  notify(): void {
    this.changed.notify();
  }

  info(): SessionInfo[] {
    return [...this.sessions.values()].map((session) => ({
      shardId: session.shardId,
      shardCount: session.shardCount,
      sessionId: session.sessionId,
      guildIds: [...session.guildIds],
      resumed: session.resumed,
      intents: session.intents,
      readyAt: session.readyAt,
    }));
  }

  async waitForConnected(count: number, timeoutMs: number): Promise<void> {
    const connected = (): number => [...this.sessions.values()].filter((session) => session.connected).length;
    await this.changed.wait(
      () => (connected() >= count ? true : undefined),
      `${count} ready gateway session(s) (have ${connected()})`,
      timeoutMs,
    );
  }

  close(): void {
    this.changed.cancelAll("the simulator was closed");
    this.sessions.clear();
  }
}
