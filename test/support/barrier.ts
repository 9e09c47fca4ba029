/**
 * Holds every party that arrives until `parties` have arrived, then lets them all go: forces an interleaving
 * ("both transactions have read before either writes") without guessing a sleep long enough.
 */
export class Barrier {
  private arrived = 0;
  private release!: () => void;
  private readonly open = new Promise<void>((resolve) => (this.release = resolve));

  constructor(private readonly parties: number) {}

  arrive(): Promise<void> {
    this.arrived += 1;
    if (this.arrived === this.parties) this.release();
    if (this.arrived > this.parties) throw new Error(`more than ${this.parties} parties at the barrier`);
    return this.open;
  }
}
