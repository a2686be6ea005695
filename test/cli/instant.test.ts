/**
 * The one instant parser every command uses: with an offset it is that instant; without one it is read on the
 * site's wall clock, whatever the machine's zone (the test process's TZ is irrelevant by construction).
 */
import { CliUsageError, parseInstant } from '../../lib/cli/usage';

describe('parseInstant: what ops may type', () => {
  test.each([
    ['with an offset, minutes only', '2026-12-01T10:00+09:00', 'Asia/Tokyo', '2026-12-01T01:00:00.000Z'],
    ['with an offset and seconds', '2026-12-01T10:00:30+09:00', 'Asia/Tokyo', '2026-12-01T01:00:30.000Z'],
    ['UTC', '2026-12-01T01:00Z', 'Asia/Tokyo', '2026-12-01T01:00:00.000Z'],
    ['an offset wins over the site zone', '2026-12-01T10:00+00:00', 'Asia/Tokyo', '2026-12-01T10:00:00.000Z'],
    ['no offset: the Tokyo wall clock', '2026-12-01T10:00', 'Asia/Tokyo', '2026-12-01T01:00:00.000Z'],
    ['no offset: midnight starting a day in Tokyo', '2026-11-23T00:00', 'Asia/Tokyo', '2026-11-22T15:00:00.000Z'],
    ['no offset: New York in winter', '2026-12-01T10:00', 'America/New_York', '2026-12-01T15:00:00.000Z'],
    ['no offset: New York in summer', '2026-07-01T10:00', 'America/New_York', '2026-07-01T14:00:00.000Z'],
    ['no offset, with milliseconds', '2026-12-01T10:00:00.250', 'Asia/Tokyo', '2026-12-01T01:00:00.250Z'],
    ['surrounding spaces', '  2026-12-01T10:00+09:00 ', 'Asia/Tokyo', '2026-12-01T01:00:00.000Z'],
  ])('%s: %s on %s → %s', (_what, text, timeZone, expected) => {
    expect(parseInstant(text, timeZone).toISOString()).toBe(expected);
  });

  test.each([
    ['a date only', '2026-12-01', /not an ISO 8601 date and time/],
    ['a space instead of T', '2026-12-01 10:00', /not an ISO 8601 date and time/],
    ['hours only', '2026-12-01T10', /not an ISO 8601 date and time/],
    ['an offset without a colon', '2026-12-01T10:00+0900', /not an ISO 8601 date and time/],
    ['a named zone', '2026-12-01T10:00 JST', /not an ISO 8601 date and time/],
    ['30 February', '2026-02-30T10:00', /not a real date and time/],
    ['hour 24', '2026-12-01T24:00', /not a real date and time/],
    ['minute 60', '2026-12-01T10:60', /not a real date and time/],
    ['second 60', '2026-12-01T10:00:60', /not a real date and time/],
    ['an offset of +15:00', '2026-12-01T10:00+15:00', /an offset no zone uses/],
    ['empty', '', /not an ISO 8601 date and time/],
    ['a relative time', 'now', /not an ISO 8601 date and time/],
    ['an epoch number', '1796083200000', /not an ISO 8601 date and time/],
    ['a time a spring-forward skips', '2026-03-08T02:30', /does not exist on the America\/New_York clock/],
  ])('refuses %s (%j), naming the option and the accepted forms', (_what, text, message) => {
    const zone = text.startsWith('2026-03-08') ? 'America/New_York' : 'Asia/Tokyo';
    expect(() => parseInstant(text, zone, '--from')).toThrow(CliUsageError);
    expect(() => parseInstant(text, zone, '--from')).toThrow(message);
    expect(() => parseInstant(text, zone, '--from')).toThrow(/^--from ".*" .*: write 2026-12-25T10:00 \(on the .* clock\)/);
  });
});
