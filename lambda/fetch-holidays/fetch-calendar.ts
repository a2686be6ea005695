/**
 * Download the calendar text: HTTPS only, a timeout per attempt, a size cap enforced while the body streams in,
 * redirects followed (and checked hop by hop), retries with exponential backoff and jitter for transient failures.
 */
import type { CalendarFetchLimits } from '../shared/holiday-policy';

/** Why a fetch failed. `timeout`, `network` and 5xx/429 `status` failures were retried before being reported. */
export type CalendarFetchFailure = 'url' | 'timeout' | 'network' | 'status' | 'too-large' | 'redirect';

/** The calendar could not be downloaded; `message` is one line naming the cause. */
export class CalendarFetchError extends Error {
  /** What went wrong. */
  readonly failure: CalendarFetchFailure;
  /** The HTTP status, for `status` failures. */
  readonly status: number | undefined;
  /** Whether another attempt could succeed (network error, timeout, 5xx, 429). */
  readonly retryable: boolean;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    failure: CalendarFetchFailure,
    message: string,
    details: { status?: number; retryable?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'CalendarFetchError';
    this.failure = failure;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Knobs with production defaults; tests inject `sleep` and `random` so retries cost no wall-clock time. */
export interface FetchCalendarOptions {
  /** Waits between attempts. @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
  /** Backoff before the second attempt; doubles for each further one. @default 1000 */
  readonly baseDelayMs?: number;
  /** The longest `Retry-After` honoured; a server asking for more is not waited for. @default 20000 */
  readonly maxRetryAfterMs?: number;
  /** Redirect hops followed per attempt. @default 5 */
  readonly maxRedirects?: number;
  /** Told about each retry (for logs). */
  readonly onRetry?: (retry: { attempt: number; delayMs: number; cause: string }) => void;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Only HTTPS leaves the machine; plain HTTP is allowed to loopback so tests and local mirrors can serve files. */
function checkedUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    throw new CalendarFetchError('url', `not a URL: ${raw}`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url;
  throw new CalendarFetchError('url', `refusing ${url.protocol}//${url.host}: calendars are fetched over HTTPS only`);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
function retryAfterMsOf(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/u.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function charsetOf(contentType: string | null): string {
  const match = /charset\s*=\s*"?([^";\s]+)"?/iu.exec(contentType ?? '');
  const label = match?.[1] ?? 'utf-8';
  try {
    new TextDecoder(label);
    return label;
  } catch {
    // RFC 5545 text is UTF-8; an unknown label is more likely a server typo than another encoding.
    return 'utf-8';
  }
}

/** Read the body, giving up as soon as it passes `maxBytes` rather than after buffering all of it. */
async function readCapped(response: Response, maxBytes: number, url: URL): Promise<string> {
  const tooLarge = (size: string) =>
    new CalendarFetchError('too-large', `calendar at ${url.host} is larger than ${maxBytes} bytes (${size})`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(`Content-Length ${declared}`);
  }
  const decoder = new TextDecoder(charsetOf(response.headers.get('content-type')));
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`stopped reading at ${received} bytes`);
    }
    chunks.push(value);
  }
  return decoder.decode(Buffer.concat(chunks));
}

function describeNetworkError(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (a test VM), where `instanceof Error` is false.
  const messageOf = (value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string'
      ? (value as { message: string }).message
      : String(value);
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const detail = cause === undefined ? messageOf(error) : messageOf(cause);
  return typeof code === 'string' && !detail.includes(code) ? `${code} (${detail})` : detail;
}

/** One attempt: request, follow redirects, check status, read the body. Every error is a CalendarFetchError. */
async function attempt(
  start: URL,
  limits: CalendarFetchLimits,
  maxRedirects: number,
): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = start;
  try {
    for (let hop = 0; ; hop += 1) {
      // Redirects are followed by hand so each hop passes the HTTPS-only rule.
      const response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'text/calendar, text/plain;q=0.9, */*;q=0.1' },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= maxRedirects) {
          throw new CalendarFetchError('redirect', `more than ${maxRedirects} redirects from ${start.host}`);
        }
        url = checkedUrl(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const retryable = response.status >= 500 || response.status === 429;
        throw new CalendarFetchError('status', `${url.host} answered HTTP ${response.status}`, {
          status: response.status,
          retryable,
          retryAfterMs: retryAfterMsOf(response.headers.get('retry-after'), Date.now()),
        });
      }
      return await readCapped(response, limits.maxBytes, url);
    }
  } catch (error) {
    if (error instanceof CalendarFetchError) throw error;
    if (signal.aborted) {
      throw new CalendarFetchError('timeout', `no complete answer from ${url.host} within ${limits.timeoutMs} ms`, {
        retryable: true,
      });
    }
    throw new CalendarFetchError('network', `could not reach ${url.host}: ${describeNetworkError(error)}`, {
      retryable: true,
    });
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Fetch a calendar's text. Retries network errors, timeouts, 5xx and 429 up to `limits.attempts` attempts in all,
 * waiting `baseDelayMs · 2^(n-1)` with equal jitter (or the server's `Retry-After` when longer, up to
 * `maxRetryAfterMs`); other 4xx fail at once. Throws {@link CalendarFetchError}.
 */
export async function fetchCalendar(
  url: string,
  limits: CalendarFetchLimits,
  options: FetchCalendarOptions = {},
): Promise<string> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const attempts = Math.max(1, Math.floor(limits.attempts));
  const start = checkedUrl(url);
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(start, limits, maxRedirects);
    } catch (error) {
      if (!(error instanceof CalendarFetchError) || !error.retryable) throw error;
      if (n >= attempts) {
        throw new CalendarFetchError(error.failure, `${error.message} (after ${n} attempt${n === 1 ? '' : 's'})`, {
          status: error.status,
          retryable: true,
        });
      }
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) {
        // Waiting less than asked would only earn another 429/503; waiting longer would outlast the invocation.
        throw new CalendarFetchError(
          error.failure,
          `${error.message}, Retry-After ${Math.ceil(error.retryAfterMs / 1000)} s is longer than we wait`,
          { status: error.status, retryable: true },
        );
      }
      const backoff = baseDelayMs * 2 ** (n - 1);
      // Equal jitter: half fixed, half random, so many sites fetching at 06:00 do not retry in lockstep.
      const delayMs = Math.max(backoff / 2 + random() * (backoff / 2), error.retryAfterMs ?? 0);
      options.onRetry?.({ attempt: n, delayMs, cause: error.message });
      await sleep(delayMs);
    }
  }
}
