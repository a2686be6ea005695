/**
 * Validate a site configuration as written by ops and resolve it into a {@link SiteConfig}.
 *
 * Every field is checked before anything is built, and every problem is reported at once — field path, the value
 * given, what is expected — so one synth tells ops everything to fix.
 */
import { calendarUrlProblem } from '../../lambda/shared/calendar-url';
import { canonicalTimeZoneName, isCivilDate, minutesOfClock, WEEKDAYS, Weekday } from '../../lambda/shared/civil-time';
import { cleanDayName, MAX_DAY_NAME_CHARS } from '../../lambda/shared/holiday-list';
import type { Closure, RemovalAllowance } from '../../lambda/shared/holiday-policy';
import { secondSourceCovers, secondSourceLabel, StatutoryCorrection, statutoryDayOn } from '../../lambda/shared/statutory-calendar';
import { normalisePhoneNumber } from './phone';
import {
  Announcements,
  ConnectInstanceConfig,
  GOOGLE_JAPANESE_HOLIDAYS_URL,
  JAPANESE_VOICES,
  OpeningPeriod,
  SiteConfig,
  VoiceEngine,
} from './site-config';

/** One thing wrong with a site configuration. */
export interface ConfigProblem {
  /** Where, e.g. `businessHours.MONDAY[0]`. */
  readonly path: string;
  /** The value given, as JSON (or `(missing)`). */
  readonly given: string;
  /** What is expected instead. */
  readonly expected: string;
}

/** A site configuration with problems; `message` lists every one of them. */
export class SiteConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Site configuration ${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.path}: got ${p.given}; expected ${p.expected}`).join('\n'),
    );
    this.name = 'SiteConfigError';
  }
}

/** Default announcements (Japanese). `{businessHours}` and `{holidayName}` are filled in as documented. */
export const DEFAULT_ANNOUNCEMENTS: Announcements = {
  inHours:
    'お電話ありがとうございます。これより担当者におつなぎいたします。' +
    'おつなぎする前に、いくつかご案内いたします。' +
    'お問い合わせの際は、ご契約番号など、ご本人様を確認できるものをお手元にご用意ください。' +
    'サービス向上のため、通話内容を記録させていただく場合がございます。' +
    'お預かりした個人情報は、お問い合わせへの対応のためにのみ利用いたします。' +
    '混み合っている場合は、おつなぎするまでにお時間をいただくことがございます。' +
    'なお、受付時間は、祝日と当社休業日を除く、{businessHours}です。' +
    'それでは、担当者におつなぎいたします。このまま、しばらくお待ちください。',
  afterHours:
    'お電話ありがとうございます。誠に申し訳ございませんが、ただいまの時間は受付時間外です。' +
    '受付時間は、祝日と当社休業日を除く、{businessHours}です。' +
    '恐れ入りますが、受付時間内に改めておかけ直しください。',
  holiday:
    'お電話ありがとうございます。誠に申し訳ございませんが、本日は{holidayName}のため、休業日とさせていただいております。' +
    '受付時間は、祝日と当社休業日を除く、{businessHours}です。恐れ入りますが、営業日に改めておかけ直しください。',
  closure:
    'お電話ありがとうございます。誠に申し訳ございませんが、本日は{holidayName}のため、休業とさせていただいております。' +
    '恐れ入りますが、営業再開後に改めておかけ直しください。',
  transferFailed:
    'ただいま電話が大変混み合っており、担当者におつなぎできませんでした。' +
    '誠に申し訳ございませんが、しばらくたってから、おかけ直しください。',
};

/** Placeholders each announcement may use. */
const ANNOUNCEMENT_PLACEHOLDERS: Readonly<Record<keyof Announcements, readonly string[]>> = {
  inHours: ['businessHours'],
  afterHours: ['businessHours'],
  holiday: ['businessHours', 'holidayName'],
  closure: ['businessHours', 'holidayName'],
  transferFailed: ['businessHours'],
};

/** CloudWatch Logs retention periods, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The longest text a flow may speak in one block (Connect: 3,000 billed characters = 6,000 characters). */
const MAX_ANNOUNCEMENT_CHARS = 6000;

const TOP_LEVEL_FIELDS = [
  'siteName',
  'connect',
  'phoneNumber',
  'associatePhoneNumber',
  'staffNumber',
  'callerId',
  'transferRingSeconds',
  'timeZone',
  'businessHours',
  'voice',
  'announcements',
  'holidays',
  'closures',
  'alertEmails',
  'checker',
  'logRetentionDays',
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Collects problems while reading fields, so that one pass reports all of them. */
class Reader {
  readonly problems: ConfigProblem[] = [];

  problem(path: string, given: unknown, expected: string): void {
    this.problems.push({ path, given: show(given), expected });
  }

  /**
   * Report fields the reader does not know (a typo would otherwise be silently ignored); `retired` maps a field an
   * earlier version had to what replaced it.
   */
  unknownFields(path: string, value: Json, known: readonly string[], retired: Readonly<Record<string, string>> = {}): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key) || key.startsWith('$')) continue;
      const field = `${path}${path === '' ? '' : '.'}${key}`;
      const replacement = Object.prototype.hasOwnProperty.call(retired, key) ? retired[key] : undefined;
      if (replacement !== undefined) this.problem(field, value[key], `no such field any more: ${replacement}`);
      else this.problem(field, value[key], `no such field (known: ${known.join(', ')})`);
    }
  }

  object(path: string, value: unknown): Json {
    if (value === undefined) return {};
    if (isObject(value)) return value;
    this.problem(path, value, 'an object');
    return {};
  }

  string(path: string, value: unknown, fallback: string, expected = 'a non-empty string'): string {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(path, value, expected);
    return fallback;
  }

  integer(path: string, value: unknown, fallback: number, min: number, max: number): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(path, value, `a whole number from ${min} to ${max}`);
    return fallback;
  }

  number(path: string, value: unknown, fallback: number, min: number, max: number): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.problem(path, value, `a number from ${min} to ${max}`);
    return fallback;
  }

  boolean(path: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.problem(path, value, 'true or false');
    return fallback;
  }

  array(path: string, value: unknown): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.problem(path, value, 'a list');
    return [];
  }

  phone(path: string, value: unknown, required: boolean): string | undefined {
    if (value === undefined) {
      if (required) this.problem(path, value, 'a phone number such as 050-1234-5678 or +815012345678');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(path, value, 'a phone number written as a string, such as "050-1234-5678"');
      return undefined;
    }
    const reading = normalisePhoneNumber(value);
    if (!reading.ok) {
      this.problem(path, value, `a phone number such as 050-1234-5678 or +815012345678 (${reading.reason})`);
      return undefined;
    }
    return reading.e164;
  }
}


const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

function readClock(reader: Reader, path: string, value: string, allowEndOfDay: boolean): number | undefined {
  if (CLOCK.test(value) || (allowEndOfDay && value === '24:00')) return minutesOfClock(value);
  reader.problem(path, value, `a time HH:MM from 00:00 to 23:59${allowEndOfDay ? ' (24:00 for the end of the day)' : ''}`);
  return undefined;
}

function readBusinessHours(reader: Reader, value: unknown): SiteConfig['businessHours'] {
  if (value === undefined) {
    const weekdays: Weekday[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
    return Object.fromEntries(weekdays.map((day) => [day, [{ start: '09:00', end: '18:00' }]]));
  }
  const hours: Partial<Record<Weekday, OpeningPeriod[]>> = {};
  const days = reader.object('businessHours', value);
  for (const [key, rawPeriods] of Object.entries(days)) {
    if (key.startsWith('$')) continue;
    const day = key.toUpperCase() as Weekday;
    const dayPath = `businessHours.${key}`;
    if (!WEEKDAYS.includes(day)) {
      reader.problem(dayPath, rawPeriods, `a weekday name (${WEEKDAYS.join(', ')})`);
      continue;
    }
    const periods: { start: string; end: string; from: number; to: number; path: string }[] = [];
    reader.array(dayPath, rawPeriods).forEach((raw, index) => {
      const path = `${dayPath}[${index}]`;
      let start: unknown;
      let end: unknown;
      if (typeof raw === 'string' && raw.includes('-')) {
        [start, end] = raw.split('-').map((part) => part.trim());
      } else if (isObject(raw)) {
        ({ start, end } = raw);
      } else {
        reader.problem(path, raw, 'an opening period "HH:MM-HH:MM" such as "09:00-18:00"');
        return;
      }
      if (typeof start !== 'string' || typeof end !== 'string') {
        reader.problem(path, raw, 'an opening period "HH:MM-HH:MM" such as "09:00-18:00"');
        return;
      }
      const from = readClock(reader, `${path}.start`, start, false);
      const to = readClock(reader, `${path}.end`, end, true);
      if (from === undefined || to === undefined) return;
      if (to <= from) {
        reader.problem(path, raw, `an end after the start (${start} to ${end} ends before it starts; overnight periods are two periods on two days)`);
        return;
      }
      periods.push({ start, end, from, to, path });
    });
    periods.sort((a, b) => a.from - b.from);
    for (let i = 1; i < periods.length; i += 1) {
      const previous = periods[i - 1];
      const current = periods[i];
      if (previous !== undefined && current !== undefined && current.from < previous.to) {
        reader.problem(
          current.path,
          `${current.start}-${current.end}`,
          `periods of one day that do not overlap (overlaps ${previous.start}-${previous.end})`,
        );
      }
    }
    if (periods.length > 0) hours[day] = periods.map(({ start, end }) => ({ start, end }));
  }
  if (Object.keys(hours).length === 0 && reader.problems.every((p) => !p.path.startsWith('businessHours'))) {
    reader.problem('businessHours', value, 'at least one opening period in the week (the line would never open)');
  }
  return hours;
}

function readVoice(reader: Reader, value: unknown): SiteConfig['voice'] {
  const voice = reader.object('voice', value);
  reader.unknownFields('voice', voice, ['name', 'engine']);
  const givenName = reader.string('voice.name', voice.name, 'Kazuha');
  const name = Object.keys(JAPANESE_VOICES).find((known) => known.toLowerCase() === givenName.toLowerCase());
  if (name === undefined) {
    reader.problem('voice.name', voice.name, `a Japanese Polly voice (${Object.keys(JAPANESE_VOICES).join(', ')})`);
    return { name: 'Kazuha', engine: 'Neural' };
  }
  const engines = JAPANESE_VOICES[name] ?? [];
  if (voice.engine === undefined) return { name, engine: engines[0] ?? 'Neural' };
  const givenEngine = reader.string('voice.engine', voice.engine, '');
  const engine = (['Standard', 'Neural'] as VoiceEngine[]).find((e) => e.toLowerCase() === givenEngine.toLowerCase());
  if (engine === undefined) {
    reader.problem('voice.engine', voice.engine, 'neural or standard');
  } else if (!engines.includes(engine)) {
    reader.problem('voice', voice, `a voice and engine Polly supports: ${name} speaks ${engines.join(' or ')} only`);
  }
  return { name, engine: engine !== undefined && engines.includes(engine) ? engine : (engines[0] ?? 'Neural') };
}

function readAnnouncements(reader: Reader, value: unknown): Announcements {
  const given = reader.object('announcements', value);
  const keys = Object.keys(DEFAULT_ANNOUNCEMENTS) as (keyof Announcements)[];
  reader.unknownFields('announcements', given, keys);
  const resolved = { ...DEFAULT_ANNOUNCEMENTS };
  for (const key of keys) {
    const path = `announcements.${key}`;
    const text = reader.string(path, given[key], DEFAULT_ANNOUNCEMENTS[key]);
    if (text.length > MAX_ANNOUNCEMENT_CHARS) {
      reader.problem(path, `${text.slice(0, 20)}... (${text.length} characters)`, `at most ${MAX_ANNOUNCEMENT_CHARS} characters`);
    }
    const allowed = ANNOUNCEMENT_PLACEHOLDERS[key];
    for (const [, placeholder] of text.matchAll(/\{([^}]*)\}/g)) {
      if (placeholder === undefined || !allowed.includes(placeholder)) {
        reader.problem(path, `{${placeholder ?? ''}}`, `only the placeholders ${allowed.map((p) => `{${p}}`).join(', ')}`);
      }
    }
    resolved[key] = text;
  }
  return resolved;
}

const FETCH_CRON = /^cron\((\S+ ){5}\S+\)$/;

function readHolidays(reader: Reader, value: unknown): SiteConfig['holidays'] {
  const holidays = reader.object('holidays', value);
  reader.unknownFields('holidays', holidays, [
    'calendarUrl',
    'closedObservances',
    'fetchSchedule',
    'checks',
    'statutoryCorrections',
    'allowRemoval',
    'fetch',
    'rewriteUnchangedAfterDays',
  ]);
  const calendarUrl = reader.string('holidays.calendarUrl', holidays.calendarUrl, GOOGLE_JAPANESE_HOLIDAYS_URL);
  const urlProblem = calendarUrlProblem(calendarUrl);
  if (urlProblem !== undefined) {
    // The value is not echoed: a URL with credentials or a private token must not end up in a CI log.
    reader.problems.push({
      path: 'holidays.calendarUrl',
      given: '(not shown)',
      expected: `an https:// URL of an iCalendar (.ics) feed on a public host (${urlProblem})`,
    });
  }
  const closedObservances = reader.array('holidays.closedObservances', holidays.closedObservances).flatMap((name, i) => {
    if (typeof name === 'string' && name.trim() !== '') return [name.trim()];
    reader.problem(`holidays.closedObservances[${i}]`, name, 'an observance name such as "銀行休業日"');
    return [];
  });
  const fetchSchedule = reader.string('holidays.fetchSchedule', holidays.fetchSchedule, '06:00');
  if (!CLOCK.test(fetchSchedule) && !FETCH_CRON.test(fetchSchedule)) {
    reader.problem('holidays.fetchSchedule', fetchSchedule, 'a daily time "HH:MM" or a scheduler expression "cron(m h dom mon dow year)"');
  }
  const checks = reader.object('holidays.checks', holidays.checks);
  const perDay = 'every closed day in the next 400 days is now protected one by one; list the dates that may go in holidays.allowRemoval';
  reader.unknownFields('holidays.checks', checks, ['minHolidaysPerYear', 'maxHolidaysPerYear', 'minDaysAhead'], {
    maxDropShare: perDay,
    acceptLargeDrop: perDay,
  });
  const minHolidaysPerYear = reader.integer('holidays.checks.minHolidaysPerYear', checks.minHolidaysPerYear, 14, 0, 366);
  const maxHolidaysPerYear = reader.integer('holidays.checks.maxHolidaysPerYear', checks.maxHolidaysPerYear, 24, 1, 366);
  if (minHolidaysPerYear > maxHolidaysPerYear) {
    reader.problem('holidays.checks', checks, `minHolidaysPerYear (${minHolidaysPerYear}) not above maxHolidaysPerYear (${maxHolidaysPerYear})`);
  }
  const fetch = reader.object('holidays.fetch', holidays.fetch);
  reader.unknownFields('holidays.fetch', fetch, ['timeoutSeconds', 'maxBytes', 'attempts']);
  return {
    calendarUrl,
    closedObservances,
    fetchSchedule,
    checks: {
      minHolidaysPerYear,
      maxHolidaysPerYear,
      minDaysAhead: reader.integer('holidays.checks.minDaysAhead', checks.minDaysAhead, 60, 0, 366),
    },
    statutoryCorrections: readStatutoryCorrections(reader, holidays.statutoryCorrections),
    allowRemoval: readAllowRemoval(reader, holidays.allowRemoval),
    fetch: {
      timeoutMs: reader.integer('holidays.fetch.timeoutSeconds', fetch.timeoutSeconds, 10, 1, 60) * 1000,
      maxBytes: reader.integer('holidays.fetch.maxBytes', fetch.maxBytes, 2_000_000, 10_000, 20_000_000),
      attempts: reader.integer('holidays.fetch.attempts', fetch.attempts, 3, 1, 5),
    },
    rewriteUnchangedAfterDays: reader.integer('holidays.rewriteUnchangedAfterDays', holidays.rewriteUnchangedAfterDays, 7, 1, 365),
  };
}

/** A reason someone will read in a log or hear on the line: one line, no control characters, a sane length. */
function readReason(reader: Reader, path: string, value: unknown, expected: string, maxChars: number): string {
  if (value === undefined) reader.problem(path, value, expected);
  const reason = reader.string(path, value, '', expected);
  if (reason === '') return '';
  if ([...reason].length > maxChars) {
    reader.problem(path, `${[...reason].slice(0, 20).join('')}... (${[...reason].length} characters)`, `at most ${maxChars} characters`);
    return '';
  }
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(reason)) {
    reader.problem(path, value, 'text without control characters (line breaks, tabs)');
    return '';
  }
  return reason;
}

function readStatutoryCorrections(reader: Reader, value: unknown): StatutoryCorrection[] {
  const seen = new Set<string>();
  return reader.array('holidays.statutoryCorrections', value).flatMap((raw, index): StatutoryCorrection[] => {
    const path = `holidays.statutoryCorrections[${index}]`;
    const example = '{"date": "2027-07-23", "statutory": true, "reason": "…法 (2026年公布)"}';
    if (!isObject(raw)) {
      reader.problem(path, raw, example);
      return [];
    }
    reader.unknownFields(path, raw, ['date', 'statutory', 'reason']);
    const reason = readReason(reader, `${path}.reason`, raw.reason, 'why (the law or notice that makes the calendar right)', 200);
    if (!isCivilDate(raw.date)) {
      reader.problem(`${path}.date`, raw.date, 'a date YYYY-MM-DD');
      return [];
    }
    if (typeof raw.statutory !== 'boolean') {
      reader.problem(`${path}.statutory`, raw.statutory, 'true (a statutory day the second source lacks) or false (one it lists wrongly)');
      return [];
    }
    if (seen.has(raw.date)) {
      reader.problem(`${path}.date`, raw.date, 'each date once');
      return [];
    }
    seen.add(raw.date);
    if (!secondSourceCovers(raw.date)) {
      reader.problem(`${path}.date`, raw.date, `a date within the years the second source covers (${secondSourceLabel()})`);
      return [];
    }
    // A correction that corrects nothing would hide a later real disagreement on that date: refuse it.
    if ((statutoryDayOn(raw.date) !== undefined) === raw.statutory) {
      reader.problem(path, raw, `a correction: ${secondSourceLabel()} already ${raw.statutory ? 'lists' : 'does not list'} ${raw.date}; remove this entry`);
      return [];
    }
    return reason === '' ? [] : [{ date: raw.date, statutory: raw.statutory, reason }];
  });
}

function readAllowRemoval(reader: Reader, value: unknown): RemovalAllowance[] {
  const seen = new Set<string>();
  return reader.array('holidays.allowRemoval', value).flatMap((raw, index): RemovalAllowance[] => {
    const path = `holidays.allowRemoval[${index}]`;
    if (!isObject(raw)) {
      reader.problem(path, raw, '{"date": "2027-12-29", "reason": "年末年始を短縮"}');
      return [];
    }
    reader.unknownFields(path, raw, ['date', 'reason']);
    const reason = readReason(reader, `${path}.reason`, raw.reason, 'why the day is a business day now', 200);
    if (!isCivilDate(raw.date)) {
      reader.problem(`${path}.date`, raw.date, 'a date YYYY-MM-DD');
      return [];
    }
    if (seen.has(raw.date)) {
      reader.problem(`${path}.date`, raw.date, 'each date once');
      return [];
    }
    seen.add(raw.date);
    return reason === '' ? [] : [{ date: raw.date, reason }];
  });
}

const MONTH_DAY = /^\d{2}-\d{2}$/;

function readClosures(reader: Reader, value: unknown): Closure[] {
  return reader.array('closures', value).flatMap((raw, index): Closure[] => {
    const path = `closures[${index}]`;
    if (!isObject(raw)) {
      reader.problem(path, raw, '{"from": "12-29", "to": "12-31", "reason": "年末年始"}');
      return [];
    }
    reader.unknownFields(path, raw, ['from', 'to', 'reason']);
    const from = raw.from;
    const to = raw.to ?? raw.from;
    const reasonExpected = 'a reason callers may hear, such as "年末年始"';
    const reason = readReason(reader, `${path}.reason`, raw.reason, reasonExpected, MAX_DAY_NAME_CHARS);
    if (reason !== '' && cleanDayName(reason, 'closure') !== reason.replace(/[\s\u3000]+/gu, ' ').trim()) {
      reader.problem(`${path}.reason`, raw.reason, 'text without invisible formatting characters (it is read out to callers)');
    }
    const yearly = typeof from === 'string' && MONTH_DAY.test(from);
    // A leap year, so that 02-29 is a valid yearly date.
    const asDate = (day: unknown) => (yearly && typeof day === 'string' ? `2000-${day}` : day);
    let valid = reason !== '';
    if (!isCivilDate(asDate(from))) {
      reader.problem(`${path}.from`, from, 'a date YYYY-MM-DD (that year only) or MM-DD (every year)');
      valid = false;
    } else if (!isCivilDate(asDate(to)) || (yearly !== (typeof to === 'string' && MONTH_DAY.test(to)))) {
      reader.problem(`${path}.to`, to, `a date written like from (${yearly ? 'MM-DD' : 'YYYY-MM-DD'})`);
      valid = false;
    } else if ((to as string) < (from as string)) {
      reader.problem(path, raw, `a closure that ends on or after it starts (${String(to)} is before ${String(from)}; split a range across the new year in two)`);
      valid = false;
    }
    return valid ? [{ from: from as string, to: to as string, reason }] : [];
  });
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function readConnect(reader: Reader, value: unknown): ConnectInstanceConfig {
  const connect = reader.object('connect', value);
  reader.unknownFields('connect', connect, ['instanceArn', 'createInstanceAlias']);
  const placeholder = { instanceArn: 'arn:aws:connect:ap-northeast-1:000000000000:instance/00000000-0000-0000-0000-000000000000' };
  if ((connect.instanceArn === undefined) === (connect.createInstanceAlias === undefined)) {
    reader.problem('connect', value, 'exactly one of instanceArn (an existing instance) or createInstanceAlias (create one)');
    return placeholder;
  }
  if (connect.instanceArn !== undefined) {
    const arn = connect.instanceArn;
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/.test(arn)) {
      reader.problem('connect.instanceArn', arn, 'an instance ARN arn:aws:connect:<region>:<account>:instance/<uuid>');
      return placeholder;
    }
    return { instanceArn: arn };
  }
  const alias = connect.createInstanceAlias;
  if (typeof alias !== 'string' || !/^(?!d-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,43}[A-Za-z0-9])?$/.test(alias)) {
    reader.problem('connect.createInstanceAlias', alias, 'an instance alias: 1-45 letters, digits and hyphens, not starting with d-');
    return placeholder;
  }
  return { createInstanceAlias: alias };
}

/**
 * Check a parsed site configuration and resolve defaults. Throws {@link SiteConfigError} listing every problem.
 * @param raw the parsed JSON
 * @param source where it came from, for the error message
 */
export function validateSiteConfig(raw: unknown, source = 'site configuration'): SiteConfig {
  const reader = new Reader();
  if (!isObject(raw)) {
    throw new SiteConfigError(source, [{ path: '(root)', given: show(raw), expected: 'a JSON object' }]);
  }
  reader.unknownFields('', raw, TOP_LEVEL_FIELDS);

  const siteName = reader.string('siteName', raw.siteName, 'after-hours');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(siteName)) {
    reader.problem('siteName', siteName, 'a name of 1-40 letters, digits and hyphens, starting with a letter');
  }
  const connect = readConnect(reader, raw.connect);
  const phoneNumber = reader.phone('phoneNumber', raw.phoneNumber, true);
  const staffNumber = reader.phone('staffNumber', raw.staffNumber, true);
  const callerId = reader.phone('callerId', raw.callerId, false) ?? phoneNumber;
  if (phoneNumber !== undefined && staffNumber === phoneNumber) {
    reader.problem('staffNumber', raw.staffNumber, 'a number other than phoneNumber (transferring a call to the line itself loops)');
  }

  const timeZone = reader.string('timeZone', raw.timeZone, 'Asia/Tokyo');
  const canonical = canonicalTimeZoneName(timeZone);
  if (canonical !== timeZone) {
    reader.problem(
      'timeZone',
      raw.timeZone,
      `an IANA time zone name such as Asia/Tokyo${canonical !== undefined ? ` (did you mean ${canonical}?)` : ''}`,
    );
  }

  const holidays = readHolidays(reader, raw.holidays);
  const checker = reader.object('checker', raw.checker);
  reader.unknownFields('checker', checker, ['revalidateMinutes', 'maxListAgeDays', 'fallbackClosed']);
  const maxListAgeDays = reader.integer('checker.maxListAgeDays', checker.maxListAgeDays, 10, 1, 400);
  if (maxListAgeDays <= holidays.rewriteUnchangedAfterDays) {
    reader.problem(
      'checker.maxListAgeDays',
      maxListAgeDays,
      `more days than holidays.rewriteUnchangedAfterDays (${holidays.rewriteUnchangedAfterDays}), or a healthy list would read as stale`,
    );
  }

  const alertEmails = reader.array('alertEmails', raw.alertEmails).flatMap((email, index) => {
    if (typeof email === 'string' && EMAIL.test(email)) return [email];
    reader.problem(`alertEmails[${index}]`, email, 'an e-mail address such as ops@example.com');
    return [];
  });
  if (raw.alertEmails === undefined || (Array.isArray(raw.alertEmails) && raw.alertEmails.length === 0)) {
    reader.problem('alertEmails', raw.alertEmails, 'at least one e-mail address, so failures reach someone');
  }
  new Set<string>(alertEmails).size !== alertEmails.length &&
    reader.problem('alertEmails', raw.alertEmails, 'each address once (a duplicate gets every alert twice)');

  const logRetentionDays = reader.integer('logRetentionDays', raw.logRetentionDays, 90, 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    reader.problem('logRetentionDays', raw.logRetentionDays, `a retention CloudWatch offers (${LOG_RETENTION_DAYS.join(', ')})`);
  }

  const config: SiteConfig = {
    siteName,
    connect,
    phoneNumber: phoneNumber ?? '',
    associatePhoneNumber: reader.boolean('associatePhoneNumber', raw.associatePhoneNumber, true),
    staffNumber: staffNumber ?? '',
    callerId: callerId ?? '',
    transferRingSeconds: reader.integer('transferRingSeconds', raw.transferRingSeconds, 30, 1, 600),
    timeZone,
    businessHours: readBusinessHours(reader, raw.businessHours),
    voice: readVoice(reader, raw.voice),
    announcements: readAnnouncements(reader, raw.announcements),
    holidays,
    closures: readClosures(reader, raw.closures),
    alertEmails,
    checker: {
      revalidateMinutes: reader.integer('checker.revalidateMinutes', checker.revalidateMinutes, 5, 1, 60),
      maxListAgeDays,
      fallbackClosed: reader.boolean('checker.fallbackClosed', checker.fallbackClosed, false),
    },
    logRetentionDays,
  };
  if (reader.problems.length > 0) throw new SiteConfigError(source, reader.problems);
  return config;
}
