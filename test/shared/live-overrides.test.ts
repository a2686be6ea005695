/**
 * The live override document: what the checker refuses to read (so damage never changes what callers hear), what
 * ops may add or clear, and which override decides a call.
 */
import {
  addLiveOverride,
  ChangeContext,
  clearLiveOverride,
  EMPTY_LIVE_OVERRIDES,
  LiveOverride,
  LiveOverrideDocument,
  liveOverrideAt,
  LiveOverrideRequest,
  LiveOverrideRequestError,
  LiveOverridesFormatError,
  parseLiveOverrides,
  pendingOverrides,
  serializeLiveOverrides,
} from '../../lambda/shared/live-overrides';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Tuesday 2026-11-24, 10:00 in Tokyo.
const NOW = new Date('2026-11-24T01:00:00.000Z');
const after = (ms: number): Date => new Date(NOW.getTime() + ms);
const iso = (ms: number): string => after(ms).toISOString();

const OPS = 'arn:aws:iam::111122223333:user/ops';
const STAMP = { by: OPS, at: '2026-11-24T00:55:00.000Z' };

/** A stored override that the parser accepts; each hostile case below changes one thing. */
const STORED: LiveOverride = {
  id: 'typhoon-1',
  kind: 'close',
  from: '2026-11-24T01:00:00.000Z',
  until: '2026-11-24T05:00:00.000Z',
  reason: '台風の接近のため',
  created: STAMP,
};
const STORED_DOCUMENT: LiveOverrideDocument = {
  version: 1,
  revision: 1,
  overrides: [STORED],
  lastChange: { revision: 1, action: 'close', id: 'typhoon-1', ...STAMP },
};

/** The stored document with top-level fields replaced (a field set to `undefined` is left out). */
function documentWith(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...STORED_DOCUMENT, ...fields });
}

/** The stored document with its one override's fields replaced (a field set to `undefined` is left out). */
function overrideWith(fields: Record<string, unknown>): string {
  return documentWith({ overrides: [{ ...STORED, ...fields }] });
}

/** `count` valid, non-overlapping, ended overrides (history), ids o-0 … */
function history(count: number): LiveOverride[] {
  return Array.from({ length: count }, (_, index) => ({
    ...STORED,
    id: `o-${index}`,
    from: new Date(Date.UTC(2020, 0, 1) + index * HOUR).toISOString(),
    until: new Date(Date.UTC(2020, 0, 1) + index * HOUR + 30 * MINUTE).toISOString(),
  }));
}

function formatErrorOf(text: string): LiveOverridesFormatError {
  try {
    parseLiveOverrides(text);
  } catch (error) {
    if (error instanceof LiveOverridesFormatError) return error;
    throw error;
  }
  throw new Error('parseLiveOverrides accepted the text');
}

describe('parseLiveOverrides: hostile documents', () => {
  test('the document every case starts from is accepted (each case below differs from it by one thing)', () => {
    expect(parseLiveOverrides(JSON.stringify(STORED_DOCUMENT))).toEqual(STORED_DOCUMENT);
  });

  test.each<[string, string, RegExp]>([
    ['not JSON', 'live overrides: none', /not JSON/],
    ['truncated JSON', JSON.stringify(STORED_DOCUMENT).slice(0, 60), /not JSON/],
    ['an empty file', '', /not JSON/],
    ['an array', JSON.stringify([STORED_DOCUMENT]), /not a JSON object/],
    ['null', 'null', /not a JSON object/],
    ['version 2', documentWith({ version: 2 }), /version 2: this code reads version 1/],
    ['no version', documentWith({ version: undefined }), /version undefined/],
    ['version "1" as a string', documentWith({ version: '1' }), /version "1"/],
    ['an unknown top-level field', documentWith({ note: 'hi' }), /document: unknown field "note"/],
    ['a top-level __proto__ field', documentWith({}).replace(/^\{/, '{"__proto__":{"revision":7},'), /document: unknown field "__proto__"/],
    ['revision -1', documentWith({ revision: -1, lastChange: undefined }), /revision: not a whole number/],
    ['revision 1.5', documentWith({ revision: 1.5, lastChange: undefined }), /revision: not a whole number/],
    ['revision "3"', documentWith({ revision: '3', lastChange: undefined }), /revision: not a whole number/],
    ['no revision', documentWith({ revision: undefined, lastChange: undefined }), /revision: not a whole number/],
    ['overrides not a list', documentWith({ overrides: { 'typhoon-1': STORED } }), /overrides: not a list/],
    ['no overrides', documentWith({ overrides: undefined }), /overrides: not a list/],
    ['an override that is not an object', documentWith({ overrides: ['typhoon-1'] }), /overrides\[0\]: not an object/],
    ['an override that is null', documentWith({ overrides: [null] }), /overrides\[0\]: not an object/],
    ['an unknown field in an override', overrideWith({ priority: 1 }), /overrides\[0\]: unknown field "priority"/],
    ['an id with uppercase', overrideWith({ id: 'Typhoon-1' }), /overrides\[0\]\.id: not an id/],
    ['an id with spaces', overrideWith({ id: 'typhoon 1' }), /overrides\[0\]\.id: not an id/],
    ['an empty id', overrideWith({ id: '' }), /overrides\[0\]\.id: not an id/],
    ['an id of 41 characters', overrideWith({ id: 'a'.repeat(41) }), /overrides\[0\]\.id: not an id/],
    ['the id __proto__', overrideWith({ id: '__proto__' }), /overrides\[0\]\.id: not an id/],
    ['a numeric id', overrideWith({ id: 7 }), /overrides\[0\]\.id: not an id/],
    ['kind "closed"', overrideWith({ kind: 'closed' }), /overrides\[0\]\.kind: close or open/],
    ['from with a +09:00 offset', overrideWith({ from: '2026-11-24T10:00:00.000+09:00' }), /overrides\[0\]: from and until must be ISO 8601 UTC instants/],
    ['from without milliseconds', overrideWith({ from: '2026-11-24T01:00:00Z' }), /from and until must be ISO 8601 UTC instants/],
    ['from as epoch milliseconds', overrideWith({ from: NOW.getTime() }), /from and until must be ISO 8601 UTC instants/],
    ['from on 2026-02-30', overrideWith({ from: '2026-02-30T00:00:00.000Z', until: '2026-03-02T00:00:00.000Z' }), /from and until must be ISO 8601 UTC instants/],
    ['until at 24:00', overrideWith({ until: '2026-11-24T24:00:00.000Z' }), /from and until must be ISO 8601 UTC instants/],
    ['until before from', overrideWith({ until: '2026-11-24T00:59:59.999Z' }), /overrides\[0\]: until must be after from/],
    ['until equal to from', overrideWith({ until: STORED.from }), /overrides\[0\]: until must be after from/],
    ['a span of 32 days', overrideWith({ until: '2026-12-26T01:00:00.000Z' }), /overrides\[0\]: longer than 31 days/],
    ['a span of 31 days and 1 ms', overrideWith({ until: '2026-12-25T01:00:00.001Z' }), /overrides\[0\]: longer than 31 days/],
    ['an empty reason', overrideWith({ reason: '' }), /overrides\[0\]\.reason: not a reason/],
    ['a reason of whitespace only', overrideWith({ reason: ' \u3000\t ' }), /overrides\[0\]\.reason: not a reason/],
    ['a reason of 201 characters', overrideWith({ reason: 'あ'.repeat(201) }), /overrides\[0\]\.reason: not a reason/],
    ['a reason of 201 astral characters', overrideWith({ reason: '🌀'.repeat(201) }), /overrides\[0\]\.reason: not a reason/],
    ['a reason with a newline', overrideWith({ reason: '台風のため\n電話は停止中' }), /overrides\[0\]\.reason: not a reason/],
    ['a reason with U+202E (right-to-left override)', overrideWith({ reason: '台風\u202eのため' }), /overrides\[0\]\.reason: not a reason/],
    ['a reason with U+2028 (line separator)', overrideWith({ reason: '台風\u2028のため' }), /overrides\[0\]\.reason: not a reason/],
    ['a reason with NUL', overrideWith({ reason: '台風\u0000' }), /overrides\[0\]\.reason: not a reason/],
    ['a reason that is not a string', overrideWith({ reason: ['台風'] }), /overrides\[0\]\.reason: not a reason/],
    ['no reason', overrideWith({ reason: undefined }), /overrides\[0\]\.reason: not a reason/],
    ['created missing', overrideWith({ created: undefined }), /overrides\[0\]\.created: not an object/],
    ['created.by empty', overrideWith({ created: { ...STAMP, by: '' } }), /overrides\[0\]\.created\.by: not an identity/],
    ['created.by of 2049 characters', overrideWith({ created: { ...STAMP, by: 'x'.repeat(2049) } }), /overrides\[0\]\.created\.by: not an identity/],
    ['created.at invalid', overrideWith({ created: { ...STAMP, at: 'yesterday' } }), /overrides\[0\]\.created\.at: not an ISO 8601 UTC instant/],
    ['created with an unknown field', overrideWith({ created: { ...STAMP, ip: '192.0.2.1' } }), /overrides\[0\]\.created: unknown field "ip"/],
    ['cleared with an unknown field', overrideWith({ cleared: { ...STAMP, note: 'oops' } }), /overrides\[0\]\.cleared: unknown field "note"/],
    ['cleared null', overrideWith({ cleared: null }), /overrides\[0\]\.cleared: not an object/],
    ['a duplicate id', documentWith({ overrides: [STORED, { ...STORED, kind: 'open' }] }), /overrides: id typhoon-1 twice/],
    ['5001 overrides', documentWith({ overrides: history(5001), lastChange: { ...STORED_DOCUMENT.lastChange, id: 'o-0' } }), /overrides: more than 5000/],
    ['lastChange with a revision differing from the document\'s', documentWith({ lastChange: { ...STORED_DOCUMENT.lastChange, revision: 2 } }), /lastChange\.revision: not the document's revision/],
    ['lastChange naming an unknown id', documentWith({ lastChange: { ...STORED_DOCUMENT.lastChange, id: 'typhoon-2' } }), /lastChange\.id: not an override in the document/],
    ['lastChange.action "delete"', documentWith({ lastChange: { ...STORED_DOCUMENT.lastChange, action: 'delete' } }), /lastChange\.action: close, open or clear/],
    ['lastChange with an unknown field', documentWith({ lastChange: { ...STORED_DOCUMENT.lastChange, previous: 0 } }), /lastChange: unknown field "previous"/],
    ['lastChange not an object', documentWith({ lastChange: 'close typhoon-1' }), /lastChange: not an object/],
    ['lastChange.at invalid', documentWith({ lastChange: { ...STORED_DOCUMENT.lastChange, at: '2026-11-24' } }), /lastChange\.at: not an ISO 8601 UTC instant/],
  ])('refused: %s', (_case, text, message) => {
    expect(formatErrorOf(text).message).toMatch(message);
  });

  test('5000 overrides (the limit) are accepted', () => {
    const text = documentWith({ overrides: history(5000), lastChange: { ...STORED_DOCUMENT.lastChange, id: 'o-4999' } });
    expect(parseLiveOverrides(text).overrides).toHaveLength(5000);
  });

  const cleared: LiveOverride = { ...STORED, id: 'closed-by-mistake', cleared: { by: 'local:sato', at: '2026-11-24T01:05:00.000Z' } };
  test.each<[string, LiveOverrideDocument]>([
    ['an empty document', EMPTY_LIVE_OVERRIDES],
    ['a document with a cleared override', { version: 1, revision: 2, overrides: [cleared], lastChange: { revision: 2, action: 'clear', id: cleared.id, ...cleared.cleared! } }],
    ['emoji and Japanese in a reason', { ...STORED_DOCUMENT, overrides: [{ ...STORED, reason: '🌀台風10号の接近により、本日の受付を停止しています 🙇‍♀️' }] }],
    ['a 200-character reason', { ...STORED_DOCUMENT, overrides: [{ ...STORED, reason: 'あ'.repeat(200) }] }],
    ['a reason of 200 astral characters (400 UTF-16 units)', { ...STORED_DOCUMENT, overrides: [{ ...STORED, reason: '🌀'.repeat(200) }] }],
    ['an open lasting exactly 31 days, a 40-character id', { ...STORED_DOCUMENT, overrides: [{ ...STORED, id: 'a'.repeat(40), kind: 'open', until: '2026-12-25T01:00:00.000Z' }], lastChange: { ...STORED_DOCUMENT.lastChange!, action: 'open', id: 'a'.repeat(40) } }],
    ['history without a lastChange', { version: 1, revision: 7, overrides: history(3) }],
  ])('accepted exactly: %s', (_case, document) => {
    const text = serializeLiveOverrides(document);
    const parsed = parseLiveOverrides(text);
    expect(parsed).toEqual(document);
    // Written back, it is the same bytes: reading never rewrites what ops stored.
    expect(serializeLiveOverrides(parsed)).toBe(text);
  });
});

describe('addLiveOverride and clearLiveOverride', () => {
  const CLOSE: LiveOverrideRequest = { kind: 'close', from: NOW, until: after(4 * HOUR), reason: '台風の接近のため' };
  const CONTEXT: ChangeContext = { by: OPS, now: NOW, newId: 'new-1' };

  /** A document holding `overrides` as they are (no change recorded). */
  const holding = (...overrides: LiveOverride[]): LiveOverrideDocument => ({ version: 1, revision: overrides.length, overrides });
  const stored = (id: string, kind: LiveOverride['kind'], fromMs: number, untilMs: number, extra: Partial<LiveOverride> = {}): LiveOverride => ({
    id,
    kind,
    from: iso(fromMs),
    until: iso(untilMs),
    reason: `${kind} ${id}`,
    created: { by: OPS, at: iso(-DAY) },
    ...extra,
  });
  // Saturday 2026-11-28 10:00-15:00 Tokyo, opened specially.
  const SATURDAY_OPEN = stored('sat-open', 'open', 4 * DAY, 4 * DAY + 5 * HOUR);

  function problemsOf(change: () => unknown): readonly string[] {
    try {
      change();
    } catch (error) {
      if (error instanceof LiveOverrideRequestError) return error.problems;
      throw error;
    }
    throw new Error('the change was accepted');
  }

  test.each<[string, LiveOverrideDocument, Partial<LiveOverrideRequest>, Partial<ChangeContext>, RegExp[]]>([
    ['until equal to from', EMPTY_LIVE_OVERRIDES, { from: after(HOUR), until: after(HOUR) }, {}, [/--until must be after --from/]],
    ['until before from', EMPTY_LIVE_OVERRIDES, { from: after(2 * HOUR), until: after(HOUR) }, {}, [/--until must be after --from/]],
    ['until already past', EMPTY_LIVE_OVERRIDES, { from: after(-3 * HOUR), until: after(-HOUR) }, {}, [/--until is already past/]],
    ['until exactly now', EMPTY_LIVE_OVERRIDES, { from: after(-3 * HOUR), until: NOW }, {}, [/--until is already past/]],
    ['31 days and 1 ms', EMPTY_LIVE_OVERRIDES, { until: after(31 * DAY + 1) }, {}, [/at most 31 days at once/]],
    ['from more than 400 days ahead', EMPTY_LIVE_OVERRIDES, { from: after(400 * DAY + 1), until: after(400 * DAY + HOUR) }, {}, [/--from at most 400 days ahead/]],
    ['an empty reason', EMPTY_LIVE_OVERRIDES, { reason: '' }, {}, [/--reason: say why/]],
    ['a reason of 201 characters', EMPTY_LIVE_OVERRIDES, { reason: 'あ'.repeat(201) }, {}, [/--reason: at most 200 characters \(201 given\)/]],
    ['a reason with a newline', EMPTY_LIVE_OVERRIDES, { reason: '台風\n停止' }, {}, [/--reason: one line of text/]],
    ['a reason with U+202E', EMPTY_LIVE_OVERRIDES, { reason: '台風\u202e停止' }, {}, [/--reason: one line of text/]],
    // U+0958 is a composition exclusion: NFC writes it as two code points, so 200 of them would be stored as 400.
    ['a reason that NFC stores as 400 characters', EMPTY_LIVE_OVERRIDES, { reason: '\u0958'.repeat(200) }, {}, [/--reason: at most 200 characters/]],
    ['an id already taken', holding(stored('new-1', 'close', -10 * DAY, -9 * DAY)), {}, {}, [/id new-1 is taken/]],
    ['an id that is not an id', EMPTY_LIVE_OVERRIDES, {}, { newId: 'New 1' }, [/id New 1/]],
    [
      'an 11th pending override',
      holding(...Array.from({ length: 10 }, (_, n) => stored(`c-${n}`, 'close', (n + 1) * DAY, (n + 1) * DAY + HOUR))),
      {},
      {},
      [/at most 10 overrides pending at once/],
    ],
    ['a close overlapping a pending open', holding(SATURDAY_OPEN), { from: after(4 * DAY + 4 * HOUR), until: after(4 * DAY + 6 * HOUR) }, {}, [/overlaps open sat-open/]],
    ['an open inside a pending close', holding(stored('typhoon', 'close', 0, 8 * HOUR)), { kind: 'open', from: after(HOUR), until: after(2 * HOUR) }, {}, [/overlaps close typhoon/]],
    [
      'several problems at once: every one is listed',
      holding(stored('new-1', 'close', -10 * DAY, -9 * DAY)),
      { from: after(401 * DAY), until: after(400 * DAY), reason: ' ' },
      {},
      [/--reason: say why/, /--until must be after --from/, /--from at most 400 days ahead/, /id new-1 is taken/],
    ],
  ])('refused: %s', (_case, document, request, context, expected) => {
    const problems = problemsOf(() => addLiveOverride(document, { ...CLOSE, ...request }, { ...CONTEXT, ...context }));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((problem, index) => expect(problems[index]).toMatch(problem));
  });

  test.each<[string, LiveOverrideDocument, Partial<LiveOverrideRequest>]>([
    ['exactly 31 days', EMPTY_LIVE_OVERRIDES, { until: after(31 * DAY) }],
    ['from exactly 400 days ahead', EMPTY_LIVE_OVERRIDES, { from: after(400 * DAY), until: after(400 * DAY + HOUR) }],
    ['from in the past, until 1 ms ahead (close the rest of a closure)', EMPTY_LIVE_OVERRIDES, { from: after(-HOUR), until: after(1) }],
    ['a close overlapping a pending close', holding(stored('typhoon', 'close', 0, 8 * HOUR)), { from: after(HOUR), until: after(10 * HOUR) }],
    ['a close ending exactly when the open starts', holding(SATURDAY_OPEN), { from: after(4 * DAY - 2 * HOUR), until: after(4 * DAY) }],
    ['a close starting exactly when the open ends', holding(SATURDAY_OPEN), { from: after(4 * DAY + 5 * HOUR), until: after(4 * DAY + 7 * HOUR) }],
    ['a close overlapping a cleared open', holding(stored('sat-open', 'open', 4 * DAY, 4 * DAY + 5 * HOUR, { cleared: STAMP })), { from: after(4 * DAY), until: after(5 * DAY) }],
    ['a close overlapping an ended open', holding(stored('old-open', 'open', -2 * HOUR, -HOUR)), { from: after(-3 * HOUR), until: after(HOUR) }],
    [
      'a 10th pending override (ended and cleared ones do not count)',
      holding(
        ...Array.from({ length: 9 }, (_, n) => stored(`c-${n}`, 'close', (n + 1) * DAY, (n + 1) * DAY + HOUR)),
        stored('ended', 'close', -2 * DAY, -DAY),
        stored('cleared', 'close', 20 * DAY, 21 * DAY, { cleared: STAMP }),
      ),
      {},
    ],
  ])('accepted: %s', (_case, document, request) => {
    const requestMade = { ...CLOSE, ...request };
    const { document: changed, override } = addLiveOverride(document, requestMade, CONTEXT);
    expect(override).toEqual({
      id: 'new-1',
      kind: 'close',
      from: requestMade.from.toISOString(),
      until: requestMade.until.toISOString(),
      reason: '台風の接近のため',
      created: { by: OPS, at: NOW.toISOString() },
    });
    expect(changed.overrides).toEqual([...document.overrides, override]);
    // What add writes, the checker reads.
    expect(parseLiveOverrides(serializeLiveOverrides(changed))).toEqual(changed);
  });

  test('the reason is stored trimmed and in NFC', () => {
    const { override } = addLiveOverride(EMPTY_LIVE_OVERRIDES, { ...CLOSE, reason: ' \u3000台風の接近のため（か\u3099） ' }, CONTEXT);
    expect(override.reason).toBe('台風の接近のため（が）');
  });

  test('clear of an unknown, an already cleared, or an ended override is refused', () => {
    const document = holding(
      stored('done', 'close', -2 * DAY, -DAY),
      stored('gone', 'close', 0, HOUR, { cleared: { by: 'local:sato', at: iso(-MINUTE) } }),
      stored('ends-now', 'close', -HOUR, 0),
    );
    const context = { by: OPS, now: NOW };
    expect(problemsOf(() => clearLiveOverride(document, 'nope', context))).toEqual([expect.stringMatching(/no override nope/)]);
    expect(problemsOf(() => clearLiveOverride(document, 'gone', context))).toEqual([expect.stringMatching(/gone was already cleared by local:sato/)]);
    expect(problemsOf(() => clearLiveOverride(document, 'done', context))).toEqual([expect.stringMatching(/done already ended/)]);
    // End exclusive: an override whose until is now has ended.
    expect(problemsOf(() => clearLiveOverride(document, 'ends-now', context))).toEqual([expect.stringMatching(/ends-now already ended/)]);
  });

  test('each change adds one to the revision and says what it did; clear stamps the override and keeps it', () => {
    const first = addLiveOverride(EMPTY_LIVE_OVERRIDES, CLOSE, CONTEXT);
    expect(first.document.revision).toBe(1);
    expect(first.document.lastChange).toEqual({ revision: 1, action: 'close', id: 'new-1', by: OPS, at: NOW.toISOString() });

    const later = after(10 * MINUTE);
    const second = addLiveOverride(
      first.document,
      { kind: 'open', from: after(4 * DAY), until: after(4 * DAY + 5 * HOUR), reason: '土曜臨時営業' },
      { by: 'local:sato', now: later, newId: 'sat-open' },
    );
    expect(second.document.revision).toBe(2);
    expect(second.document.lastChange).toEqual({ revision: 2, action: 'open', id: 'sat-open', by: 'local:sato', at: later.toISOString() });

    const clearedAt = after(20 * MINUTE);
    const third = clearLiveOverride(second.document, 'new-1', { by: 'local:tanaka', now: clearedAt });
    expect(third.document.revision).toBe(3);
    expect(third.document.lastChange).toEqual({ revision: 3, action: 'clear', id: 'new-1', by: 'local:tanaka', at: clearedAt.toISOString() });
    // History: the cleared override stays, in its place, stamped; the other is untouched.
    expect(third.document.overrides).toEqual([{ ...first.override, cleared: { by: 'local:tanaka', at: clearedAt.toISOString() } }, second.override]);
    expect(third.override.cleared).toEqual({ by: 'local:tanaka', at: clearedAt.toISOString() });
    // The input documents are not changed.
    expect(second.document.overrides[0]).not.toHaveProperty('cleared');
    // Cleared, it no longer counts as pending or in force.
    expect(pendingOverrides(third.document.overrides, clearedAt).map((override) => override.id)).toEqual(['sat-open']);
    expect(liveOverrideAt(third.document.overrides, clearedAt)).toBeUndefined();

    for (const { document } of [first, second, third]) expect(parseLiveOverrides(serializeLiveOverrides(document))).toEqual(document);
  });

  test('after a conflicting override is cleared, the refused change is accepted', () => {
    const { document } = addLiveOverride(
      EMPTY_LIVE_OVERRIDES,
      { kind: 'open', from: after(4 * DAY), until: after(4 * DAY + 5 * HOUR), reason: '土曜臨時営業' },
      { ...CONTEXT, newId: 'sat-open' },
    );
    const typhoon: LiveOverrideRequest = { ...CLOSE, from: after(4 * DAY), until: after(5 * DAY) };
    expect(problemsOf(() => addLiveOverride(document, typhoon, CONTEXT))).toEqual([expect.stringMatching(/overlaps open sat-open .*土曜臨時営業/)]);
    const cleared = clearLiveOverride(document, 'sat-open', CONTEXT).document;
    expect(addLiveOverride(cleared, typhoon, CONTEXT).document.revision).toBe(3);
  });
});

describe('liveOverrideAt', () => {
  const make = (id: string, kind: LiveOverride['kind'], createdMinutesAgo: number, extra: Partial<LiveOverride> = {}): LiveOverride => ({
    id,
    kind,
    from: iso(-HOUR),
    until: iso(HOUR),
    reason: id,
    created: { by: OPS, at: iso(-createdMinutesAgo * MINUTE) },
    ...extra,
  });

  test.each<[string, LiveOverride[], Date, string | undefined]>([
    ['nothing in force', [], NOW, undefined],
    ['a close beats an open created after it', [make('close', 'close', 30), make('open', 'open', 5)], NOW, 'close'],
    ['a close beats an open listed before it', [make('open', 'open', 5), make('close', 'close', 30)], NOW, 'close'],
    ['of two closes, the newest created wins (listed last)', [make('old', 'close', 30), make('new', 'close', 5)], NOW, 'new'],
    ['of two closes, the newest created wins (listed first)', [make('new', 'close', 5), make('old', 'close', 30)], NOW, 'new'],
    ['of two opens, the newest created wins', [make('old', 'open', 30), make('new', 'open', 5)], NOW, 'new'],
    ['start inclusive', [make('c', 'close', 90)], after(-HOUR), 'c'],
    ['1 ms before the start', [make('c', 'close', 90)], after(-HOUR - 1), undefined],
    ['1 ms before the end', [make('c', 'close', 90)], after(HOUR - 1), 'c'],
    ['end exclusive', [make('c', 'close', 90)], after(HOUR), undefined],
    ['a cleared close is ignored: the open under it speaks', [make('c', 'close', 5, { cleared: STAMP }), make('o', 'open', 30)], NOW, 'o'],
    ['a cleared newest close is ignored: the older close speaks', [make('old', 'close', 30), make('new', 'close', 5, { cleared: STAMP })], NOW, 'old'],
  ])('%s', (_case, overrides, at, expected) => {
    expect(liveOverrideAt(overrides, at)?.id).toBe(expected);
  });
});
