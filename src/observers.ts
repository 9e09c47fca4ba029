/**
 * Synchronous observers of one kind of event (metrics, usage statistics). They run inline and must not do
 * I/O; one that throws never stops the emitter or the observers after it.
 */
export class Observers<E> {
  private readonly listeners: Array<(event: E) => void> = [];

  add(listener: (event: E) => void): void {
    this.listeners.push(listener);
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // an observer's bug must never reach the work it observes
      }
    }
  }
}
