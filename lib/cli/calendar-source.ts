/**
 * Where the CLI reads a calendar from: a local file (a saved feed, a fixture) or an https URL fetched exactly as
 * the fetcher Lambda fetches it, with the same limits and the same URL rule.
 */
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CalendarBody, CalendarFetchError, fetchCalendar, FetchCalendarOptions } from '../../lambda/fetch-holidays/fetch-calendar';
import { redactUrl } from '../../lambda/shared/calendar-url';
import type { CalendarFetchLimits } from '../../lambda/shared/holiday-policy';

/** A calendar's octets and the URL it is known by (redacted; a `file:` URL for a local file). */
export interface CalendarSource {
  readonly body: CalendarBody;
  readonly sourceUrl: string;
}

/** The local file could not be read, or is larger than the fetch size cap. */
export class CalendarSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarSourceError';
  }
}

async function readCappedFile(filePath: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CalendarSourceError(`cannot read ${filePath}: ${typeof code === 'string' ? code : String(error)}`);
  }
  try {
    const { size } = await handle.stat();
    // The same cap as a download, so a file that passes here would also pass in the Lambda.
    if (size > maxBytes) throw new CalendarSourceError(`${filePath} is larger than ${maxBytes} bytes (${size})`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Read a calendar from `fileOrUrl`: an `http(s)://` URL is fetched with {@link fetchCalendar} (which refuses all but
 * HTTPS to public hosts); a `file:` URL or anything else is a local path. Throws {@link CalendarFetchError} or
 * {@link CalendarSourceError}.
 */
export async function readCalendarSource(
  fileOrUrl: string,
  limits: CalendarFetchLimits,
  fetchOptions: FetchCalendarOptions = {},
): Promise<CalendarSource> {
  if (/^https?:\/\//iu.test(fileOrUrl)) {
    return { body: await fetchCalendar(fileOrUrl, limits, fetchOptions), sourceUrl: redactUrl(fileOrUrl) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(fileOrUrl) && !/^file:/iu.test(fileOrUrl)) {
    throw new CalendarFetchError('url', `unsupported URL scheme: ${fileOrUrl.split(':', 1)[0]}: (use https:// or a file)`);
  }
  const filePath = /^file:/iu.test(fileOrUrl) ? fileURLToPath(fileOrUrl) : path.resolve(fileOrUrl);
  return { body: { bytes: await readCappedFile(filePath, limits.maxBytes) }, sourceUrl: pathToFileURL(filePath).href };
}
