/**
 * Phone numbers as people in Japan write them (`050-1234-5678`, `03-1234-5678`, `0120-123-456`, full-width
 * digits) or in E.164, checked against the numbering plan and normalised to E.164 (`+815012345678`), which is
 * what Amazon Connect accepts.
 *
 * The numbering plan is libphonenumber's (`libphonenumber-js/max`, Google's metadata, updated as ranges open — the
 * 060 mobile range, for one): hand-written length rules let `03-0000-0000` and `+999 …` through, and every transfer
 * to such a number fails. Synth-time only: the Lambdas never import this file.
 */
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { NumberType } from 'libphonenumber-js/max';

/** What kind of number it is, as the numbering plan says. */
export type PhoneNumberKind = NonNullable<NumberType> | 'UNKNOWN';

/** The result of reading a phone number. */
export type PhoneNumberReading =
  | { readonly ok: true; readonly e164: string; readonly kind: PhoneNumberKind; readonly country: string | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Read a phone number written the Japanese way or in E.164 and return it in E.164 with its kind. Separators
 * (hyphens, spaces, dots, parentheses) and full-width characters are accepted; numbers the plan does not assign,
 * and premium-rate numbers (callers would pay a surcharge to be transferred), are refused.
 */
export function readPhoneNumber(input: string): PhoneNumberReading {
  const written = input.normalize('NFKC').trim();
  const compact = written.replace(/[\s\-.()\u2010-\u2015\u2212\u30fc]/gu, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  if (!/^\+?\d+$/u.test(compact)) return { ok: false, reason: 'only digits, an optional leading +, and separators' };
  if (!compact.startsWith('+') && !compact.startsWith('0')) {
    return { ok: false, reason: 'a domestic number starts with 0; an international one with +' };
  }
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(compact, 'JP');
  } catch (error) {
    const code = error instanceof Error ? error.message : String(error);
    const reasons: Readonly<Record<string, string>> = {
      INVALID_COUNTRY: 'no country has that calling code',
      TOO_SHORT: 'too short for a phone number',
      TOO_LONG: 'too long for a phone number',
      NOT_A_NUMBER: 'not a phone number',
    };
    return { ok: false, reason: reasons[code] ?? 'not a phone number' };
  }
  if (!parsed.isValid()) {
    return {
      ok: false,
      reason: `not a number in the ${parsed.country ?? `+${parsed.countryCallingCode}`} numbering plan (no such range, or the wrong length)`,
    };
  }
  const kind: PhoneNumberKind = parsed.getType() ?? 'UNKNOWN';
  if (kind === 'PREMIUM_RATE') return { ok: false, reason: 'a premium-rate number (callers would pay a surcharge)' };
  return { ok: true, e164: parsed.number, kind, country: parsed.country };
}
