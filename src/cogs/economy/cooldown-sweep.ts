import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { CooldownController } from "../../controllers/cooldown-controller";

const BATCH = 1_000;
const MAX_BATCHES_PER_RUN = 10;

/** Deletes expired cooldowns in bounded batches, every few minutes, for every feature that uses them. */
@injectable()
export class CooldownSweep implements PeriodicTask {
  readonly name = "cooldown-sweep";
  readonly everyMs = 5 * 60 * 1000;

  constructor(@inject(CooldownController) private readonly cooldowns: CooldownController) {}

  async run(): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      if ((await this.cooldowns.sweepExpired(BATCH)) < BATCH) return;
    }
  }
}
