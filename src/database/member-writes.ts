import { AsyncLocalStorage } from "node:async_hooks";

/** Statements that change nothing (a SELECT that locks rows does, for this purpose: it is a write's first step). */
const READ_ONLY =
  /^\s*(select|show|values|explain)\b(?![\s\S]*\bfor\s+(update|share|no key update|key share)\b)/i;

export function isReadOnlyStatement(sql: string): boolean {
  return READ_ONLY.test(sql);
}

interface Acting {
  memberId: string | undefined;
}

/**
 * Read-your-writes for replica reads: the work done on behalf of a member (an interaction, a dashboard
 * request) runs in their scope, and the moment each of their writes finished on the primary is kept here
 * for a while, so that a replica is used for their reads only once it holds those writes.
 */
export class MemberWrites {
  private readonly storage = new AsyncLocalStorage<Acting>();
  private readonly lastWrite = new Map<string, number>();

  /**
   * `enabled` false (no replica configured): nothing is kept and no scope is opened, since an active
   * AsyncLocalStorage makes every promise in the process carry its store.
   */
  constructor(
    private readonly keepMs: number,
    readonly enabled: boolean,
  ) {}

  /** Runs `work` on behalf of `memberId` (undefined: someone not known yet; see `actingAs`). */
  onBehalfOf<R>(memberId: string | undefined, work: () => R): R {
    return this.enabled ? this.storage.run({ memberId }, work) : work();
  }

  /** Names the member the current scope works for, once known (a dashboard request after its session check). */
  actingAs(memberId: string): void {
    const acting = this.storage.getStore();
    if (acting) acting.memberId = memberId;
  }

  /** A write finished now, on behalf of whoever the current scope works for. */
  wrote(): void {
    if (!this.enabled) return;
    const memberId = this.storage.getStore()?.memberId;
    if (memberId === undefined) return;
    const now = Date.now();
    if (this.lastWrite.size > 10_000) this.forgetOlderThan(now - this.keepMs);
    this.lastWrite.delete(memberId); // re-inserted last: the map stays in write order
    this.lastWrite.set(memberId, now);
  }

  /** When the current scope's member last wrote something, if recently enough to matter. */
  lastWriteAt(): number | undefined {
    const memberId = this.storage.getStore()?.memberId;
    if (memberId === undefined) return undefined;
    const at = this.lastWrite.get(memberId);
    return at !== undefined && Date.now() - at < this.keepMs ? at : undefined;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [memberId, at] of this.lastWrite) {
      if (at >= cutoff) break;
      this.lastWrite.delete(memberId);
    }
  }
}
