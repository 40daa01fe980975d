// Runs LSP handlers so that no exception, thrown or in a rejected promise, escapes into the connection.

/** Returns `run`'s result, or undefined after logging the failure once; a promise's rejection is logged the same way. */
export function guarded<T>(log: (line: string) => void, what: string, run: () => T): T | undefined {
  const fail = (error: unknown): undefined => {
    log(`DriverKit ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  };
  try {
    const result = run();
    return result instanceof Promise ? (result.catch(fail) as T) : result;
  } catch (error) {
    return fail(error);
  }
}
