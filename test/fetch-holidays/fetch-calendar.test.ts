import { CalendarFetchError, fetchCalendar } from '../../lambda/fetch-holidays/fetch-calendar';
import type { CalendarFetchLimits } from '../../lambda/shared/holiday-policy';
import { CalendarServer, fixture, serveCalendar, startCalendarServer } from './support';

const GOOGLE = fixture('google-2025-2027.ics');
const LIMITS: CalendarFetchLimits = { timeoutMs: 300, maxBytes: 100_000, attempts: 3 };

let server: CalendarServer;
let sleeps: number[];
let hang: Array<() => void>;

// Backoff waits are recorded, not slept: retries cost no wall-clock time.
const options = () => ({ sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 });

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
  hang = [];
});

afterEach(() => {
  for (const release of hang) release();
});

afterAll(async () => {
  await server.close();
});

describe('fetchCalendar against a real HTTP server on 127.0.0.1', () => {
  test('returns the body of a 200', async () => {
    await expect(fetchCalendar(server.url('/ok'), LIMITS, options())).resolves.toBe(GOOGLE);
    expect(sleeps).toEqual([]);
  });

  test('follows redirects', async () => {
    await expect(fetchCalendar(server.url('/moved-twice'), LIMITS, options())).resolves.toBe(GOOGLE);
  });

  test('retries a 500 with backoff and returns the next good answer', async () => {
    await expect(fetchCalendar(server.url('/flaky'), LIMITS, options())).resolves.toBe(GOOGLE);
    expect(server.hits('/flaky')).toBe(2);
    expect(sleeps).toEqual([750]); // 1000 ms base, equal jitter at random 0.5
  });

  test('honours Retry-After on a 429', async () => {
    await expect(fetchCalendar(server.url('/busy'), LIMITS, options())).resolves.toBe(GOOGLE);
    expect(sleeps).toEqual([3000]);
  });

  test('gives up on a 500 after the configured attempts, with growing waits', async () => {
    const before = server.hits('/down');
    const error = await failure(fetchCalendar(server.url('/down'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'status', status: 500 });
    expect(error.message).toBe('127.0.0.1 answered HTTP 500 (after 3 attempts)'.replace('127.0.0.1', new URL(server.url('/')).host));
    expect(server.hits('/down') - before).toBe(3);
    expect(sleeps).toEqual([750, 1500]);
  });

  test('does not retry a 403', async () => {
    const error = await failure(fetchCalendar(server.url('/forbidden'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'status', status: 403, retryable: false });
    expect(server.hits('/forbidden')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('does not wait for a Retry-After beyond reason', async () => {
    const error = await failure(fetchCalendar(server.url('/very-busy'), LIMITS, options()));
    expect(error.message).toMatch(/HTTP 503, Retry-After 3600 s is longer than we wait/);
    expect(server.hits('/very-busy')).toBe(1);
  });

  test.each([
    ['no headers', '/slow'],
    ['a body that stalls', '/slow-body'],
  ])('times out per attempt on %s, and retries', async (_case, path) => {
    const error = await failure(fetchCalendar(server.url(path), { ...LIMITS, attempts: 2 }, options()));
    expect(error).toMatchObject({ failure: 'timeout' });
    expect(error.message).toMatch(/within 300 ms \(after 2 attempts\)$/);
    expect(server.hits(path)).toBe(2);
  });

  test('stops reading a body without Content-Length as soon as it passes the cap', async () => {
    const error = await failure(fetchCalendar(server.url('/huge'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'too-large', retryable: false });
    expect(error.message).toMatch(/larger than 100000 bytes \(stopped reading at \d+ bytes\)/);
    expect(server.hits('/huge')).toBe(1);
  });

  test('refuses a declared Content-Length over the cap without reading', async () => {
    const error = await failure(fetchCalendar(server.url('/huge-declared'), LIMITS, options()));
    expect(error.message).toMatch(/larger than 100000 bytes \(Content-Length 5000000\)/);
  });

  test.each([
    ['a plain-http URL off the machine', 'http://calendar.example.com/basic.ics', /refusing http:\/\/calendar\.example\.com: calendars are fetched over HTTPS only/],
    ['a file URL', 'file:///etc/hosts', /refusing file:\/\/: calendars are fetched over HTTPS only/],
    ['not a URL', 'calendar', /not a URL: calendar/],
  ])('refuses %s', async (_case, url, expected) => {
    const error = await failure(fetchCalendar(url, LIMITS, options()));
    expect(error).toMatchObject({ failure: 'url' });
    expect(error.message).toMatch(expected);
  });

  test('refuses a redirect to plain http off the machine', async () => {
    const error = await failure(fetchCalendar(server.url('/moved-to-plain-http'), LIMITS, options()));
    expect(error.message).toMatch(/refusing http:\/\/calendar\.example\.com/);
  });

  test('stops a redirect loop', async () => {
    const error = await failure(fetchCalendar(server.url('/loop'), LIMITS, options()));
    expect(error).toMatchObject({ failure: 'redirect' });
  });

  test('a refused connection is a retried network error', async () => {
    const closed = await startCalendarServer();
    const url = closed.url('/gone');
    await closed.close();
    const error = await failure(fetchCalendar(url, LIMITS, options()));
    expect(error).toMatchObject({ failure: 'network' });
    expect(error.message).toMatch(/could not reach .*ECONNREFUSED.*\(after 3 attempts\)/);
    expect(sleeps).toHaveLength(2);
  });

  test('decodes the charset the server names', async () => {
    await expect(fetchCalendar(server.url('/shift-jis'), LIMITS, options())).resolves.toBe('日本');
  });
});
