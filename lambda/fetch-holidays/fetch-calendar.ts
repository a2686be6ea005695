/**
 * Download the calendar: HTTPS to public hosts only (checked on every redirect hop, after DNS too), a timeout per
 * attempt, a size cap enforced while the body streams in, retries with exponential backoff and jitter for transient
 * failures. The body comes back as octets with its declared content type: decoding is the reader's job, after it
 * has unfolded the lines (see ical-text.ts).
 *
 * There is no plain-HTTP path: tests reach their server on 127.0.0.1 by injecting a `transport`, never by relaxing
 * the URL rule.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { calendarUrlProblem, isPublicAddress } from '../shared/calendar-url';
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

/** A downloaded calendar: its octets and the content type the server declared. */
export interface CalendarBody {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

/** Sends one request (no redirects followed). */
export type CalendarTransport = (url: URL, init: RequestInit) => Promise<Response>;

/** Resolves a host name to its addresses: the DNS in production. */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

/** Knobs with production defaults; tests inject `sleep` and `random` so retries cost no wall-clock time. */
export interface FetchCalendarOptions {
  /** Sends each request. @default HTTPS through node:https, connecting only to checked public addresses */
  readonly transport?: CalendarTransport;
  /** Resolves each hop's host before the request, to refuse names that point inside a network. @default DNS */
  readonly lookup?: HostLookup;
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

/** The URL rule of `calendar-url.ts`, for the first URL and every redirect target. */
function checkedUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    throw new CalendarFetchError('url', base === undefined ? 'the calendar URL is not a URL' : `${base.host} redirected to something that is not a URL`);
  }
  const problem = calendarUrlProblem(url.href);
  if (problem !== undefined) {
    // Only the scheme and host are named: the rest of a URL may hold a private feed's token.
    const where = base === undefined ? 'the calendar URL' : `a redirect from ${base.host} to ${url.protocol}//${url.host}`;
    throw new CalendarFetchError('url', `refusing ${where}: ${problem}`);
  }
  return url;
}

const dnsAddresses: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Refuse a host whose name resolves inside a network (loopback, private, link-local…), before any request, with a
 * clear reason. The production transport then connects only to an address this same check passes (see
 * {@link pinnedLookup}), so a DNS server that answers differently the second time (rebinding) gains nothing.
 */
async function checkResolvesPublic(url: URL, lookup: HostLookup): Promise<void> {
  let addresses: readonly string[];
  try {
    addresses = await lookup(url.hostname);
  } catch (error) {
    throw new CalendarFetchError('network', `could not resolve ${url.host}: ${describeNetworkError(error)}`, { retryable: true });
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw new CalendarFetchError('url', `refusing ${url.host}: it resolves to a non-public address`);
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
function retryAfterMsOf(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/u.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Read the body, giving up as soon as it passes `maxBytes` rather than after buffering all of it. */
async function readCapped(response: Response, maxBytes: number, url: URL): Promise<Uint8Array> {
  const tooLarge = (size: string) =>
    new CalendarFetchError('too-large', `calendar at ${url.host} is larger than ${maxBytes} bytes (${size})`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(`Content-Length ${declared}`);
  }
  if (response.body === null) return new Uint8Array();
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
  return Buffer.concat(chunks);
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

/**
 * The connection's DNS lookup for the production transport: resolve with `lookup`, refuse unless every address is
 * public, and connect to one of those checked addresses — the socket never resolves the name on its own.
 */
export function pinnedLookup(lookup: HostLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (addresses) => {
        const wantAll = (options as { all?: boolean }).all === true;
        if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
          const error = Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'ENOTPUBLIC' });
          if (wantAll) (callback as unknown as (e: Error, a: []) => void)(error, []);
          else callback(error, '', 4);
          return;
        }
        if (wantAll) {
          (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        } else {
          const address = addresses[0] as string;
          callback(null, address, isIP(address));
        }
      },
      (error: unknown) => callback(error instanceof Error ? (error as NodeJS.ErrnoException) : new Error(String(error)), '', 4),
    );
  };
}

/** The production transport: HTTPS through node:https, connected through {@link pinnedLookup}, as a fetch Response. */
function pinnedHttpsTransport(lookup: HostLookup): CalendarTransport {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          headers: init.headers as Record<string, string>,
          ...(init.signal === null || init.signal === undefined ? {} : { signal: init.signal }),
          lookup: pinnedLookup(lookup),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const item of value) headers.append(name, item);
            else if (value !== undefined) headers.set(name, value);
          }
          const empty = status === 204 || status === 205 || status === 304;
          if (empty) res.resume();
          resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
}

/** One attempt: request, follow redirects, check status, read the body. Every error is a CalendarFetchError. */
async function attempt(
  start: URL,
  limits: CalendarFetchLimits,
  maxRedirects: number,
  transport: CalendarTransport,
  lookup: HostLookup,
): Promise<CalendarBody> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = start;
  try {
    for (let hop = 0; ; hop += 1) {
      await checkResolvesPublic(url, lookup);
      // Redirects are followed by hand so each hop passes the URL rule.
      const response = await transport(url, {
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
        // The body of an error answer is never read: it is not a calendar and may hold anything.
        await response.body?.cancel().catch(() => undefined);
        const retryable = response.status >= 500 || response.status === 429;
        throw new CalendarFetchError('status', `${url.host} answered HTTP ${response.status}`, {
          status: response.status,
          retryable,
          retryAfterMs: retryAfterMsOf(response.headers.get('retry-after'), Date.now()),
        });
      }
      const contentType = response.headers.get('content-type');
      const bytes = await readCapped(response, limits.maxBytes, url);
      return contentType === null ? { bytes } : { bytes, contentType };
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
 * Fetch a calendar. Retries network errors, timeouts, 5xx and 429 up to `limits.attempts` attempts in all,
 * waiting `baseDelayMs · 2^(n-1)` with equal jitter (or the server's `Retry-After` when longer, up to
 * `maxRetryAfterMs`); other 4xx fail at once. Throws {@link CalendarFetchError}.
 */
export async function fetchCalendar(
  url: string,
  limits: CalendarFetchLimits,
  options: FetchCalendarOptions = {},
): Promise<CalendarBody> {
  const lookup = options.lookup ?? dnsAddresses;
  const transport = options.transport ?? pinnedHttpsTransport(lookup);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const attempts = Math.max(1, Math.floor(limits.attempts));
  const start = checkedUrl(url);
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(start, limits, maxRedirects, transport, lookup);
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
