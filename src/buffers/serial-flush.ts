/**
 * Runs a buffer's flushes one at a time: a flush asked for while another runs waits for it, then runs its
 * own (so what was buffered meanwhile is written too). Never two writes of one buffer at once.
 */
export class SerialFlush {
  private flushing: Promise<void> | undefined;

  constructor(private readonly writeOnce: () => Promise<void>) {}

  async run(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    const run = this.writeOnce();
    this.flushing = run;
    try {
      await run;
    } finally {
      this.flushing = undefined;
    }
  }
}
