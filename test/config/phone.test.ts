import { readPhoneNumber } from '../../lib/config/phone';

describe('readPhoneNumber: Japanese notation or E.164, checked against the numbering plan', () => {
  test.each([
    ['050-1234-5678', '+815012345678', 'VOIP'],
    ['05012345678', '+815012345678', 'VOIP'],
    ['03-1234-5678', '+81312345678', 'FIXED_LINE'],
    ['(03) 1234 5678', '+81312345678', 'FIXED_LINE'],
    ['06.1234.5678', '+81612345678', 'FIXED_LINE'],
    ['0120-123-456', '+81120123456', 'TOLL_FREE'],
    ['0800-123-4567', '+818001234567', 'TOLL_FREE'],
    ['090-1234-5678', '+819012345678', 'MOBILE'],
    ['060-1234-5678', '+816012345678', 'MOBILE'],
    ['0570-064-123', '+81570064123', 'UAN'],
    ['０５０－１２３４－５６７８', '+815012345678', 'VOIP'],
    ['+815012345678', '+815012345678', 'VOIP'],
    ['+81 50 1234 5678', '+815012345678', 'VOIP'],
    ['+1 206 555 0100', '+12065550100', 'FIXED_LINE_OR_MOBILE'],
  ])('%s → %s (%s)', (written, e164, kind) => {
    expect(readPhoneNumber(written)).toMatchObject({ ok: true, e164, kind });
  });

  test.each([
    ['', /empty/],
    ['050-1234-567', /numbering plan/],
    ['03-1234-56789', /numbering plan|too long/],
    ['03-0000-0000', /not a number in the JP numbering plan/],
    ['+999 1234 5678', /no country has that calling code/],
    ['5012345678', /starts with 0/],
    ['050-CALL-NOW', /only digits/],
    ['+0815012345678', /./],
    ['+1234', /too short|numbering plan|not a phone number/],
    ['0990-123-456', /premium-rate/],
    ['0180-123-456', /numbering plan/],
  ])('refuses %j', (written, reason) => {
    const reading = readPhoneNumber(written);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.reason).toMatch(reason);
  });
});
