// Polling with a timeout for the end-to-end tests: they wait on a condition, never for a fixed time.

/** Calls `probe` until it returns a value other than undefined; fails after `timeoutMs` naming `what` and the last value seen. */
export async function poll<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000, describeLast?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describeLast ? `; last seen: ${describeLast()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
