import { normalisePhoneNumber } from '../../lib/config/phone';

describe('normalisePhoneNumber', () => {
  test.each([
    ['050-1234-5678', '+815012345678'],
    ['05012345678', '+815012345678'],
    ['03-1234-5678', '+81312345678'],
    ['(03) 1234 5678', '+81312345678'],
    ['0120-123-456', '+81120123456'],
    ['0800-123-4567', '+818001234567'],
    ['090-1234-5678', '+819012345678'],
    ['0570-064-123', '+81570064123'],
    ['06.1234.5678', '+81612345678'],
    ['０５０－１２３４－５６７８', '+815012345678'],
    ['+815012345678', '+815012345678'],
    ['+81 50 1234 5678', '+815012345678'],
    ['+1 206 555 0100', '+12065550100'],
  ])('%s -> %s', (written, e164) => {
    expect(normalisePhoneNumber(written)).toEqual({ ok: true, e164 });
  });

  test.each([
    ['', /empty/],
    ['050-1234-567', /11 digits/],
    ['03-1234-56789', /10 digits/],
    ['5012345678', /starts with 0/],
    ['050-CALL-NOW', /only digits/],
    ['+0815012345678', /E\.164/],
    ['+8150123456789', /11 digits/],
    ['+1234', /E\.164/],
  ])('rejects %j', (written, reason) => {
    const reading = normalisePhoneNumber(written);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.reason).toMatch(reason);
  });
});
