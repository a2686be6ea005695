/**
 * Phone numbers as people in Japan write them (`050-1234-5678`, `03-1234-5678`, `0120-123-456`, full-width
 * digits) or in E.164, normalised to E.164 (`+815012345678`), which is what Amazon Connect accepts.
 */

/** The result of reading a phone number. */
export type PhoneNumberReading =
  | { readonly ok: true; readonly e164: string }
  | { readonly ok: false; readonly reason: string };

// Domestic numbers with 11 digits (0 + 10): IP phones 050, mobiles 070/080/090, M2M 020, toll-free 0800.
// Every other domestic number has 10 digits (0 + 9): fixed lines, 0120 toll-free, 0570 navi dial.
const ELEVEN_DIGIT_PREFIXES = ['050', '070', '080', '090', '020', '0800'];

function japaneseNationalNumberProblem(domestic: string): string | undefined {
  const expected = ELEVEN_DIGIT_PREFIXES.some((prefix) => domestic.startsWith(prefix)) ? 11 : 10;
  if (domestic.length !== expected) {
    return `a Japanese number starting ${domestic.slice(0, 4)} has ${expected} digits, this one has ${domestic.length}`;
  }
  if (domestic.startsWith('00')) return 'a Japanese number cannot start with 00';
  return undefined;
}

/**
 * Read a phone number written the Japanese way or in E.164 and return it in E.164.
 * Separators (hyphens, spaces, dots, parentheses) and full-width characters are accepted.
 */
export function normalisePhoneNumber(input: string): PhoneNumberReading {
  const written = input.normalize('NFKC').trim();
  const compact = written.replace(/[\s\-.()\u2010-\u2015\u2212\u30fc]/g, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: 'only digits, an optional leading +, and separators' };
  if (compact.startsWith('+')) {
    const digits = compact.slice(1);
    if (digits.startsWith('0') || digits.length < 7 || digits.length > 15) {
      return { ok: false, reason: 'E.164 is + then a country code and 7-15 digits in all' };
    }
    if (digits.startsWith('81')) {
      const problem = japaneseNationalNumberProblem(`0${digits.slice(2)}`);
      if (problem !== undefined) return { ok: false, reason: problem };
    }
    return { ok: true, e164: compact };
  }
  if (!compact.startsWith('0')) {
    return { ok: false, reason: 'a domestic number starts with 0; an international one with +' };
  }
  const problem = japaneseNationalNumberProblem(compact);
  if (problem !== undefined) return { ok: false, reason: problem };
  return { ok: true, e164: `+81${compact.slice(1)}` };
}
