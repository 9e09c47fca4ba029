/**
 * `work`'s outcome, or the error `expired()` makes once `ms` passed without one (`expired` may also drop
 * what the late work holds). `work` is left to settle on its own, its outcome ignored.
 */
export function settleWithin<T>(work: Promise<T>, ms: number, expired: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(expired()), ms);
  });
  work.catch(() => undefined); // if the deadline wins, the work's own failure is of no interest
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
