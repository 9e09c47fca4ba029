import { pathMatcher, type PathMatcher } from "../core/path-pattern";
import type { RecordedRequest } from "../types";

const DEFAULT_WAIT_MS = 5000;

interface LogWaiter {
  method: string;
  matcher: PathMatcher;
  remaining: number;
  resolve(request: RecordedRequest): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Every REST request the simulator answered, in the order the answers went out (a request slowed by a
 * latency fault is logged when it is answered; `at` is still its arrival). */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private readonly waiters = new Set<LogWaiter>();

  constructor(private readonly limit = 100_000) {}

  record(request: RecordedRequest): void {
    this.entries.push(request);
    if (this.entries.length > this.limit) this.entries = this.entries.slice(-Math.floor(this.limit / 2));
    for (const waiter of this.waiters) {
      if (request.method !== waiter.method || waiter.matcher.match(request.path) === null) continue;
      waiter.remaining -= 1;
      if (waiter.remaining > 0) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(request);
    }
  }

  all(): RecordedRequest[] {
    return [...this.entries];
  }

  filter(method: string, pathPattern: string | RegExp): RecordedRequest[] {
    const wanted = method.toUpperCase();
    const matcher = pathMatcher(pathPattern);
    return this.entries.filter((entry) => entry.method === wanted && matcher.match(entry.path) !== null);
  }

  /** Resolves with the `count`-th (default first) matching request, counting ones already logged. */
  waitFor(
    method: string,
    pathPattern: string | RegExp,
    options: { timeoutMs?: number; count?: number } = {},
  ): Promise<RecordedRequest> {
    const count = options.count ?? 1;
    const existing = this.filter(method, pathPattern);
    const found = existing[count - 1];
    if (found) return Promise.resolve(found);
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    const description = `request #${count} ${method.toUpperCase()} ${String(pathPattern)}`;
    return new Promise((resolve, reject) => {
      const waiter: LogWaiter = {
        method: method.toUpperCase(),
        matcher: pathMatcher(pathPattern),
        remaining: count - existing.length,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.entries = [];
  }

  close(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("the simulator was closed"));
    }
    this.waiters.clear();
  }
}
