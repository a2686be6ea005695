import { CalendarBody, CalendarFetchError, fetchCalendar, pinnedLookup } from '../../lambda/fetch-holidays/fetch-calendar';
import type { CalendarFetchLimits } from '../../lambda/shared/holiday-policy';
import { CalendarServer, fixture, serveCalendar, startCalendarServer } from './support';

const text = (body: CalendarBody) => Buffer.from(body.bytes).toString('utf8');

const GOOGLE = fixture('google-2025-2027.ics');
// A generous timeout: a loaded machine must never turn a good answer into a timeout. Only the tests of the timeout
// itself shorten it, against a server that never answers, where it can only fire.
const LIMITS: CalendarFetchLimits = { timeoutMs: 15_000, maxBytes: 100_000, attempts: 3 };

let server: CalendarServer;
let sleeps: number[];
let hang: Array<() => void>;

let retries: Array<{ attempt: number; delayMs: number; cause: string }>;
// Backoff waits are recorded, not slept: retries cost no wall-clock time. Requests reach the loopback server through
// the injected transport; every URL rule runs as in production.
const options = () => ({
  ...server.fetchOptions,
  sleep: async (ms: number) => void sleeps.push(ms),
  random: () => 0.5,
  onRetry: (retry: { attempt: number; delayMs: number; cause: string }) => void retries.push(retry),
});

async function failure(promise: Promise<unknown>): Promise<CalendarFetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CalendarFetchError) return error;
    throw error;
  }
  throw new Error('expected a CalendarFetchError');
}

beforeAll(async () => {
  server = await startCalendarServer({
    '/ok': serveCalendar(GOOGLE),
    '/slow': (_req, res) => {
      // Headers never come: the per-attempt timeout has to fire.
      hang.push(() => res.destroy());
    },
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
      hang.push(() => res.destroy());
    },
    '/flaky': (_req, res, hit) => {
      if (hit === 1) res.writeHead(500).end('oops');
      else serveCalendar(GOOGLE)(_req, res, hit);
    },
    '/busy': (_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '3' }).end();
      else serveCalendar(GOOGLE)(_req, res, hit);
    },
    '/very-busy': (_req, res) => void res.writeHead(503, { 'retry-after': '3600' }).end(),
    '/down': (_req, res) => void res.writeHead(500).end('down'),
    '/forbidden': (_req, res) => void res.writeHead(403).end('no'),
    '/moved': (_req, res) => void res.writeHead(301, { location: '/ok' }).end(),
    '/moved-twice': (_req, res) => void res.writeHead(302, { location: '/moved' }).end(),
    '/loop': (_req, res) => void res.writeHead(302, { location: '/loop' }).end(),
    '/moved-to-plain-http': (_req, res) => void res.writeHead(302, { location: 'http://calendar.example.com/basic.ics' }).end(),
    '/moved-to-ip': (_req, res) => void res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data/' }).end(),
    '/moved-to-loopback-name': (_req, res) => void res.writeHead(302, { location: 'https://loopback.example.com/basic.ics' }).end(),
    '/moved-to-metadata-name': (_req, res) => void res.writeHead(307, { location: 'https://metadata.example.com/' }).end(),
    '/moved-to-localhost': (_req, res) => void res.writeHead(302, { location: 'https://localhost/basic.ics' }).end(),
    '/moved-with-password': (_req, res) => void res.writeHead(302, { location: 'https://user:secret@calendar.example.com/ok' }).end(),
    '/moved-to-mirror': (_req, res) => void res.writeHead(302, { location: 'https://mirror.example.net/ok' }).end(),
    '/secret-error': (_req, res) =>
      void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"db password hunter2 at 10.0.0.5"}'),
    '/huge': (_req, res) => {
      // No Content-Length: the cap must be enforced while the body streams.
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const chunk = 'X'.repeat(16_384);
      let sent = 0;
      const push = () => {
        while (sent < 10_000_000 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    },
    '/huge-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': '5000000' });
      res.write('BEGIN:VCALENDAR\r\n');
      hang.push(() => res.destroy());
    },
    '/shift-jis': serveCalendar(Buffer.from([0x93, 0xfa, 0x96, 0x7b]) as unknown as string, 'text/calendar; charset=Shift_JIS'),
  });
});

beforeEach(() => {
  sleeps = [];
  retries = [];
  hang = [];
});

afterEach(() => {
  for (const release of hang) release();
});

afterAll(async () => {
  await server.close();
});

describe('fetchCalendar against a real HTTP server on 127.0.0.1', () => {
  test('returns the octets of a 200 with the declared content type', async () => {
    const body = await fetchCalendar(server.https('/ok'), LIMITS, options());
    expect(text(body)).toBe(GOOGLE);
    expect(body.contentType).toBe('text/calendar; charset=UTF-8');
    expect(sleeps).toEqual([]);
  });

  test('follows redirects', async () => {
    expect(text(await fetchCalendar(server.https('/moved-twice'), LIMITS, options()))).toBe(GOOGLE);
  });

  test('follows a redirect to another public host', async () => {
    expect(text(await fetchCalendar(server.https('/moved-to-mirror'), LIMITS, options()))).toBe(GOOGLE);
  });

  test('retries a 500 with backoff and returns the next good answer; each retry is reported', async () => {
    expect(text(await fetchCalendar(server.https('/flaky'), LIMITS, options()))).toBe(GOOGLE);
    expect(server.hits('/flaky')).toBe(2);
    expect(sleeps).toEqual([750]); // 1000 ms base, equal jitter at random 0.5
    expect(retries).toEqual([{ attempt: 1, delayMs: 750, cause: 'calendar.example.com answered HTTP 500' }]);
  });

  test('honours Retry-After on a 429', async () => {
    expect(text(await fetchCalendar(server.https('/busy'), LIMITS, options()))).toBe(GOOGLE);
    expect(sleeps).toEqual([3000]);
  });

  test('gives up on a 500 after the configured attempts, with growing waits', async () => {
    const before = server.hits('/down');
    const error = await failure(fetchCalendar(server.https('/down'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'status', status: 500 });
    expect(error.message).toBe('calendar.example.com answered HTTP 500 (after 3 attempts)');
    expect(server.hits('/down') - before).toBe(3);
    expect(sleeps).toEqual([750, 1500]);
  });

  test('does not retry a 403', async () => {
    const error = await failure(fetchCalendar(server.https('/forbidden'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'status', status: 403, retryable: false });
    expect(server.hits('/forbidden')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('does not wait for a Retry-After beyond reason', async () => {
    const error = await failure(fetchCalendar(server.https('/very-busy'), LIMITS, options()));
    expect(error.message).toMatch(/HTTP 503, Retry-After 3600 s is longer than we wait/);
    expect(server.hits('/very-busy')).toBe(1);
  });

  test.each([
    ['no headers', '/slow'],
    ['a body that stalls', '/slow-body'],
  ])('times out per attempt on %s, and retries', async (_case, path) => {
    const error = await failure(fetchCalendar(server.https(path), { ...LIMITS, timeoutMs: 300, attempts: 2 }, options()));
    expect(error).toMatchObject({ failure: 'timeout' });
    expect(error.message).toMatch(/within 300 ms \(after 2 attempts\)$/);
    expect(server.hits(path)).toBe(2);
  });

  test('stops reading a body without Content-Length as soon as it passes the cap', async () => {
    const error = await failure(fetchCalendar(server.https('/huge'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'too-large', retryable: false });
    expect(error.message).toMatch(/larger than 100000 bytes \(stopped reading at \d+ bytes\)/);
    expect(server.hits('/huge')).toBe(1);
  });

  test('refuses a declared Content-Length over the cap without reading', async () => {
    const error = await failure(fetchCalendar(server.https('/huge-declared'), LIMITS, options()));
    expect(error.message).toMatch(/larger than 100000 bytes \(Content-Length 5000000\)/);
  });

  test.each([
    ['plain http', 'http://calendar.example.com/basic.ics', /^refusing the calendar URL: http:\/\/ is not allowed: calendars are fetched over HTTPS only$/],
    ['plain http to loopback (no test path in production code)', 'http://127.0.0.1:8080/basic.ics', /http:\/\/ is not allowed/],
    ['a file URL', 'file:///etc/hosts', /file:\/\/ is not allowed/],
    ['not a URL', 'calendar', /^the calendar URL is not a URL$/],
    ['an IPv4 literal', 'https://93.184.216.34/basic.ics', /the host 93\.184\.216\.34 is an IP address/],
    ['an IPv4 literal in decimal', 'https://2130706433/basic.ics', /the host 127\.0\.0\.1 is an IP address/],
    ['an IPv6 literal', 'https://[::1]/basic.ics', /the host ::1 is an IP address/],
    ['localhost', 'https://localhost/basic.ics', /the host localhost is not a public host name/],
    ['a .internal name', 'https://calendar.corp.internal/basic.ics', /is an internal name/],
    ['a single-label name', 'https://intranet/basic.ics', /not a public host name/],
    ['user:password', 'https://user:hunter2@calendar.example.com/basic.ics', /user name or password is not allowed/],
    ['a name resolving to loopback', 'https://loopback.example.com/basic.ics', /^refusing loopback\.example\.com: it resolves to a non-public address$/],
    ['a name resolving to the metadata service', 'https://metadata.example.com/', /resolves to a non-public address/],
    ['a name resolving to a private address', 'https://intranet.example.com/x.ics', /resolves to a non-public address/],
    ['a name with one private address among public ones', 'https://mixed.example.com/x.ics', /resolves to a non-public address/],
    ['a name resolving to an IPv6 unique-local address', 'https://ula.example.com/x.ics', /resolves to a non-public address/],
    ['a name resolving to an IPv4-mapped private address', 'https://mapped.example.com/x.ics', /resolves to a non-public address/],
  ])('refuses %s, before any request', async (_case, url, expected) => {
    const before = server.hits('/basic.ics');
    const error = await failure(fetchCalendar(url, LIMITS, options()));
    expect(error).toMatchObject({ failure: 'url', retryable: false });
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('hunter2');
    expect(server.hits('/basic.ics')).toBe(before);
  });

  test.each([
    ['plain http', '/moved-to-plain-http', /^refusing a redirect from calendar\.example\.com to http:\/\/calendar\.example\.com: http:\/\/ is not allowed/],
    ['an IP literal', '/moved-to-ip', /^refusing a redirect from calendar\.example\.com to https:\/\/169\.254\.169\.254: the host 169\.254\.169\.254 is an IP address/],
    ['localhost', '/moved-to-localhost', /to https:\/\/localhost: the host localhost is not a public host name/],
    ['a name resolving to loopback', '/moved-to-loopback-name', /^refusing loopback\.example\.com: it resolves to a non-public address$/],
    ['a name resolving to the metadata service (307)', '/moved-to-metadata-name', /^refusing metadata\.example\.com: it resolves/],
    ['a URL with a password', '/moved-with-password', /user name or password is not allowed/],
  ])('refuses a redirect to %s', async (_case, path, expected) => {
    const error = await failure(fetchCalendar(server.https(path), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'url' });
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('secret');
  });

  test('never reads or repeats the body of an error answer', async () => {
    const error = await failure(fetchCalendar(server.https('/secret-error'), LIMITS, options()));
    expect(error.message).toBe('calendar.example.com answered HTTP 500 (after 3 attempts)');
    expect(JSON.stringify(retries)).not.toContain('hunter2');
  });

  test('an unknown host is a retried network error', async () => {
    const error = await failure(fetchCalendar('https://nowhere.example.org/basic.ics', LIMITS, options()));
    expect(error).toMatchObject({ failure: 'network' });
    expect(error.message).toMatch(/could not resolve nowhere\.example\.org: .*ENOTFOUND.*\(after 3 attempts\)/);
  });

  test('stops a redirect loop', async () => {
    const error = await failure(fetchCalendar(server.https('/loop'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'redirect' });
  });

  test('a refused connection is a retried network error', async () => {
    const closed = await startCalendarServer();
    const transport = closed.fetchOptions.transport;
    await closed.close();
    const error = await failure(fetchCalendar(closed.https('/gone'), LIMITS, { ...options(), transport }));
    expect(error).toMatchObject({ failure: 'network' });
    expect(error.message).toMatch(/could not reach .*ECONNREFUSED.*\(after 3 attempts\)/);
    expect(sleeps).toHaveLength(2);
  });

  test('hands over the octets undecoded, with the charset the server names', async () => {
    const body = await fetchCalendar(server.https('/shift-jis'), LIMITS, options());
    expect([...body.bytes]).toEqual([0x93, 0xfa, 0x96, 0x7b]);
    expect(body.contentType).toBe('text/calendar; charset=Shift_JIS');
  });
});

describe('the production transport connects only to addresses the check passed (no DNS rebinding)', () => {
  test('a name that answers a public address to the check and loopback to the connection is never connected to', async () => {
    let lookups = 0;
    const rebinding = async () => {
      lookups += 1;
      return lookups === 1 ? ['93.184.216.34'] : ['127.0.0.1'];
    };
    const error = await failure(
      fetchCalendar('https://calendar.example.com/basic.ics', { ...LIMITS, attempts: 1 }, { lookup: rebinding, sleep: async () => undefined }),
    );
    expect(error).toMatchObject({ failure: 'network' });
    expect(error.message).toMatch(/could not reach calendar\.example\.com: .*ENOTPUBLIC|resolves to a non-public address/);
    expect(lookups).toBe(2);
  });

  test.each([
    [{ all: false }, ['93.184.216.34'], [null, '93.184.216.34', 4]],
    [{ all: true }, ['2606:2800:220:1:248:1893:25c8:1946'], [null, [{ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }]]],
  ])('pinnedLookup(%j) hands the socket the checked address', async (options, addresses, expected) => {
    const answer = await new Promise<unknown[]>((resolve) =>
      pinnedLookup(async () => addresses)('calendar.example.com', options as never, ((...args: unknown[]) => resolve(args)) as never),
    );
    expect(answer).toEqual(expected);
  });

  test.each([[['10.0.0.1']], [['93.184.216.34', '169.254.169.254']], [[]]])('pinnedLookup refuses %j', async (addresses) => {
    const [error] = await new Promise<unknown[]>((resolve) =>
      pinnedLookup(async () => addresses)('calendar.example.com', {} as never, ((...args: unknown[]) => resolve(args)) as never),
    );
    expect(error).toMatchObject({ code: 'ENOTPUBLIC', message: 'calendar.example.com resolves to a non-public address' });
  });
});
