/** Polls `check` until it returns true (or `timeoutMs` passes), for effects that arrive asynchronously. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 3000,
  what = "the condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `eventually` for a check that must ask something asynchronous (the database, an HTTP endpoint). */
export async function eventuallyAsync(
  check: () => Promise<boolean>,
  timeoutMs = 3000,
  what = "the condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
