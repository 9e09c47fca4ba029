/** Exponential backoff with jitter: first, 2×, 4×, … capped at `maxMs`, each ±20%. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {}

  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    const base = Math.min(this.maxMs, this.firstMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.attempt = 0;
  }
}
