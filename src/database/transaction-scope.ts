import { AsyncLocalStorage } from "node:async_hooks";
import type { EntityManager, QueryRunner } from "typeorm";

/** What a `transaction()` callback receives; controllers called inside it join the same transaction. */
export interface Transaction {
  readonly manager: EntityManager;
  /** Runs `hook` once the outermost transaction commits (never on rollback). */
  afterCommit(hook: () => void): void;
}

export class TransactionContext implements Transaction {
  finished = false;
  private readonly hooks: Array<() => void> = [];

  constructor(readonly queryRunner: QueryRunner) {}

  get manager(): EntityManager {
    return this.queryRunner.manager;
  }

  afterCommit(hook: () => void): void {
    this.hooks.push(hook);
  }

  runCommitHooks(): void {
    for (const hook of this.hooks.splice(0)) hook();
  }
}

/** Carries the current transaction through async calls, so nested controller calls need no parameter. */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<TransactionContext>();

  current(): TransactionContext | undefined {
    const context = this.storage.getStore();
    if (context?.finished) {
      throw new Error("a database call was made through a transaction that has already finished");
    }
    return context;
  }

  run<R>(context: TransactionContext, work: () => Promise<R>): Promise<R> {
    return this.storage.run(context, work);
  }
}
