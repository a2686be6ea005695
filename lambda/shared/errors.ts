/**
 * Reading errors the same way everywhere: the one line a log or an e-mail shows, and the HTTP status an AWS SDK error
 * carries. No SDK import, so the pure cores use it too.
 */

/** `Name: message`, first line only: what a log field or an alert shows of an error. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n', 1)[0] ?? text;
}

/** The message alone (no error name), for a sentence that already says what failed. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status an AWS SDK error carries (`$metadata.httpStatusCode`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}
