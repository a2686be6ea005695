/**
 * The site configuration's one schema. The TypeScript type (`SiteConfig`), the validator (`validate.ts`) and the
 * JSON Schema editors read (`config/site-config.schema.json`, via `"$schema"`) are all derived from it.
 *
 * Why zod: the schema is TypeScript, so the type is inferred rather than written twice; each field carries its own
 * "expected …" text, so messages stay as specific as hand-written ones; `z.toJSONSchema` writes the editor schema;
 * and transforms (Japanese phone notation → E.164, seconds → milliseconds) live beside the rule they follow. A JSON
 * Schema with a validator (ajv) would give the editor file for free but the type and the messages by hand.
 *
 * Rules that span fields of different branches (the staff number differs from the line's, the fetch schedule keeps
 * the list younger than `maxListAgeDays`) are in `validate.ts`, which runs each once the fields it reads are valid.
 */
import { z } from 'zod';
import { calendarUrlProblem } from '../../lambda/shared/calendar-url';
import { canonicalTimeZoneName, isCivilDate, minutesOfClock, WEEKDAYS, Weekday } from '../../lambda/shared/civil-time';
import { cleanDayName, MAX_DAY_NAME_CHARS } from '../../lambda/shared/holiday-list';
import { secondSourceCovers, secondSourceLabel, statutoryDayOn } from '../../lambda/shared/statutory-calendar';
import { PLACEHOLDER_PATTERN } from '../flow/flow-document';
import { readPhoneNumber } from './phone';
import { readFetchSchedule } from './schedule';

/** The default calendar: Google's Japanese holidays (statutory holidays plus observances since 2024). */
export const GOOGLE_JAPANESE_HOLIDAYS_URL =
  'https://www.google.com/calendar/ical/ja.japanese%23holiday%40group.v.calendar.google.com/public/basic.ics';

/** Polly voices that speak Japanese, and the engines each supports. */
export const JAPANESE_VOICES: Readonly<Record<string, readonly VoiceEngine[]>> = {
  Mizuki: ['Standard'],
  Takumi: ['Standard', 'Neural'],
  Kazuha: ['Neural'],
  Tomoko: ['Neural'],
};

/** A Polly engine as the flow language spells it. */
export type VoiceEngine = 'Standard' | 'Neural';

/** CloudWatch Logs retention periods, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * The longest text a flow may speak in one block: Connect bills at most 3,000 characters of text-to-speech per block,
 * and plain text is billed whole. Checked as written here, and as spoken (placeholders filled in) by the validator.
 */
export const MAX_ANNOUNCEMENT_CHARS = 3000;

/** Most closures one site may list; far beyond any real calendar, it bounds what every fetch expands. */
export const MAX_CLOSURES = 1000;

/**
 * Default announcements (Japanese). `{businessHours}`, `{holidayName}`, `{reason}` (a live closure's reason) and
 * `{nextOpen}` (「次の受付は11月24日(火)9時からです。」, or nothing when no opening is known) are filled in as
 * documented.
 */
export const DEFAULT_ANNOUNCEMENTS = {
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
    '受付時間は、祝日と当社休業日を除く、{businessHours}です。{nextOpen}' +
    '恐れ入りますが、受付時間内に改めておかけ直しください。',
  holiday:
    'お電話ありがとうございます。誠に申し訳ございませんが、本日は{holidayName}のため、休業日とさせていただいております。{nextOpen}' +
    '受付時間は、祝日と当社休業日を除く、{businessHours}です。恐れ入りますが、営業日に改めておかけ直しください。',
  closure:
    'お電話ありがとうございます。誠に申し訳ございませんが、本日は{holidayName}のため、休業とさせていただいております。{nextOpen}' +
    '恐れ入りますが、営業再開後に改めておかけ直しください。',
  emergency:
    'お電話ありがとうございます。誠に申し訳ございませんが、{reason}のため、ただいま臨時に受付を休止しております。{nextOpen}' +
    'ご迷惑をおかけいたしますが、改めておかけ直しください。',
  transferFailed:
    'ただいま電話が大変混み合っており、担当者におつなぎできませんでした。' +
    '誠に申し訳ございませんが、しばらくたってから、おかけ直しください。',
} as const;

/** The announcement keys. */
export type AnnouncementKey = keyof typeof DEFAULT_ANNOUNCEMENTS;

/** Placeholders each announcement may use. */
export const ANNOUNCEMENT_PLACEHOLDERS: Readonly<Record<AnnouncementKey, readonly string[]>> = {
  inHours: ['businessHours'],
  afterHours: ['businessHours', 'nextOpen'],
  holiday: ['businessHours', 'holidayName', 'nextOpen'],
  closure: ['businessHours', 'holidayName', 'nextOpen'],
  emergency: ['businessHours', 'reason', 'nextOpen'],
  transferFailed: ['businessHours'],
};

/**
 * The in-hours greeting when a menu follows it (`announcements.inHours` not given): the default in-hours text ends
 * by saying the caller is being put through, which a menu would contradict.
 */
export const DEFAULT_GREETING_BEFORE_MENU =
  'お電話ありがとうございます。' +
  'お問い合わせの際は、ご契約番号など、ご本人様を確認できるものをお手元にご用意ください。' +
  'サービス向上のため、通話内容を記録させていただく場合がございます。' +
  'お預かりした個人情報は、お問い合わせへの対応のためにのみ利用いたします。';

/** The DTMF keys a caller can press: a menu option is one of them. */
export const MENU_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;

/** What a menu key must be, as config problems say it. */
export const MENU_KEY_EXPECTED = `a key that is one DTMF key: ${MENU_KEYS.join(' ')} (a caller presses one key)`;

/** What a menu option does: put the caller through to staff, or play an announcement. */
export const MENU_ACTIONS = ['staff', 'announcement'] as const;

/** Where a menu announcement goes when it ends: back to the menu, or hang up. */
export const MENU_AFTER_ANNOUNCEMENT = ['menu', 'disconnect'] as const;

/** Longest wait for the first key the console allows, seconds. */
export const MAX_MENU_TIMEOUT_SECONDS = 179;

/** Most times an unknown key replays the menu. */
export const MAX_MENU_RETRIES = 5;

/** Default texts of a queue-routed line. `{position}` is the caller's place in the queue, read at call time. */
export const DEFAULT_QUEUE_TEXTS = {
  positionText: 'ただいま、お客様は{position}番目にお待ちいただいております。',
  holdText: 'ただいま、順番におつなぎしております。このまま、しばらくお待ちください。',
  fullText:
    'ただいま電話が大変混み合っており、おつなぎできません。' +
    '誠に申し訳ございませんが、しばらくたってから、おかけ直しください。',
  closedText:
    '誠に申し訳ございませんが、受付時間を過ぎたため、おつなぎできませんでした。' +
    '受付時間は、祝日と当社休業日を除く、{businessHours}です。恐れ入りますが、受付時間内に改めておかけ直しください。',
} as const;

/** Placeholders each queue text may use. */
export const QUEUE_TEXT_PLACEHOLDERS: Readonly<Record<keyof typeof DEFAULT_QUEUE_TEXTS, readonly string[]>> = {
  positionText: ['position'],
  holdText: ['businessHours'],
  fullText: ['businessHours'],
  closedText: ['businessHours'],
};

/**
 * Shortest interval between position announcements, seconds: an agent has 20 s to accept a contact, and an
 * interrupt in that window can send the contact to the flow's error branch (connect-native.md §3.3).
 */
export const MIN_QUEUE_REPEAT_SECONDS = 21;

/** An issue whose value must not be repeated in the message (it may hold a credential). */
export const HIDE_INPUT = { hideInput: true } as const;

type Ctx = z.RefinementCtx;

function fail(ctx: Ctx, message: string, input: unknown, path: (string | number)[] = [], hideInput = false): void {
  ctx.addIssue({ code: 'custom', message, input, path, ...(hideInput ? { params: HIDE_INPUT } : {}) });
}

function wholeNumber(min: number, max: number) {
  const error = `a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function nonEmptyString(error = 'a non-empty string') {
  return z.string({ error }).refine((value) => value.trim() !== '', { error });
}

/** A reason someone will read in a log or hear on the line: one line, no control characters, a sane length. */
function reasonText(expected: string, maxChars: number) {
  return z.string({ error: expected }).superRefine((value, ctx) => {
    const chars = [...value];
    if (value.trim() === '') fail(ctx, expected, value);
    else if (chars.length > maxChars) fail(ctx, `at most ${maxChars} characters`, `${chars.slice(0, 20).join('')}... (${chars.length} characters)`);
    else if (/[\u0000-\u001f\u007f-\u009f]/u.test(value)) fail(ctx, 'text without control characters (line breaks, tabs)', value);
  });
}

const PHONE_EXAMPLE = 'a phone number such as 050-1234-5678 or +815012345678';

function phoneNumber() {
  return z
    .string({ error: 'a phone number written as a string, such as "050-1234-5678"' })
    .transform((value, ctx) => {
      const reading = readPhoneNumber(value);
      if (!reading.ok) {
        fail(ctx, `${PHONE_EXAMPLE} (${reading.reason})`, value);
        return z.NEVER;
      }
      return reading.e164;
    })
    .meta({ description: 'Japanese notation (050-1234-5678, 03-1234-5678, full-width digits) or E.164 (+815012345678).' });
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/u;

/** One opening period: `"HH:MM-HH:MM"` or `{ "start": "HH:MM", "end": "HH:MM" }`; `24:00` ends the day. */
const openingPeriod = z
  .union([z.string(), z.strictObject({ start: z.string(), end: z.string() })], {
    error: 'an opening period "HH:MM-HH:MM" such as "09:00-18:00"',
  })
  .transform((raw, ctx) => {
    const parts = typeof raw === 'string' ? raw.split('-').map((part) => part.trim()) : [raw.start, raw.end];
    if (parts.length !== 2) {
      fail(ctx, 'an opening period "HH:MM-HH:MM" such as "09:00-18:00" (one start and one end)', raw);
      return z.NEVER;
    }
    const [start = '', end = ''] = parts;
    let ok = true;
    if (!CLOCK.test(start)) {
      fail(ctx, 'a time HH:MM from 00:00 to 23:59', start, ['start']);
      ok = false;
    }
    if (!CLOCK.test(end) && end !== '24:00') {
      fail(ctx, 'a time HH:MM from 00:00 to 23:59 (24:00 for the end of the day)', end, ['end']);
      ok = false;
    }
    if (!ok) return z.NEVER;
    if (minutesOfClock(end) <= minutesOfClock(start)) {
      fail(ctx, `an end after the start (${start} to ${end} ends before it starts; overnight periods are two periods on two days)`, raw);
      return z.NEVER;
    }
    return { start, end };
  });

const openingDay = z
  .array(openingPeriod, { error: 'a list of opening periods such as ["09:00-18:00"]' })
  .superRefine((periods, ctx) => {
    const sorted = periods.map((period, index) => ({ ...period, index })).sort((a, b) => minutesOfClock(a.start) - minutesOfClock(b.start));
    for (let i = 1; i < sorted.length; i += 1) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (previous !== undefined && current !== undefined && minutesOfClock(current.start) < minutesOfClock(previous.end)) {
        fail(ctx, `periods of one day that do not overlap (overlaps ${previous.start}-${previous.end})`, `${current.start}-${current.end}`, [current.index]);
      }
    }
  })
  .transform((periods) => [...periods].sort((a, b) => minutesOfClock(a.start) - minutesOfClock(b.start)));

const DEFAULT_BUSINESS_HOURS: Partial<Record<Weekday, { start: string; end: string }[]>> = Object.fromEntries(
  (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => [day, [{ start: '09:00', end: '18:00' }]]),
);

/** Connect holds at most 100 entries in an hours of operation's `Config`. */
export const MAX_OPENING_PERIODS = 100;

const businessHours = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, openingDay.optional()])) as Record<Weekday, z.ZodOptional<typeof openingDay>>,
    { error: 'an object of weekdays (MONDAY … SUNDAY), each a list of periods' },
  )
  .transform((days, ctx) => {
    const hours: Partial<Record<Weekday, { start: string; end: string }[]>> = {};
    for (const day of WEEKDAYS) {
      const periods = days[day];
      if (periods !== undefined && periods.length > 0) hours[day] = periods;
    }
    const count = Object.values(hours).reduce((sum, periods) => sum + (periods?.length ?? 0), 0);
    if (count > MAX_OPENING_PERIODS) {
      fail(ctx, `at most ${MAX_OPENING_PERIODS} opening periods in the week (Connect's limit for one hours of operation)`, `${count} periods`);
    }
    return hours;
  })
  .optional()
  .transform((hours) => hours ?? DEFAULT_BUSINESS_HOURS)
  .meta({ description: 'Opening periods per weekday, on the site clock; a weekday not listed is closed. Default Monday-Friday 09:00-18:00.' });

const voice = z
  .strictObject({
    name: z.string({ error: `a Japanese Polly voice (${Object.keys(JAPANESE_VOICES).join(', ')})` }).optional(),
    engine: z.string({ error: 'neural or standard' }).optional(),
  })
  .transform((given, ctx) => {
    const name = Object.keys(JAPANESE_VOICES).find((known) => known.toLowerCase() === (given.name ?? 'Kazuha').toLowerCase());
    const engine = given.engine === undefined ? undefined : (['Standard', 'Neural'] as const).find((e) => e.toLowerCase() === given.engine?.toLowerCase());
    // Both checked before giving up, so a wrong name and a wrong engine are reported together.
    if (name === undefined) fail(ctx, `a Japanese Polly voice (${Object.keys(JAPANESE_VOICES).join(', ')})`, given.name, ['name']);
    if (given.engine !== undefined && engine === undefined) fail(ctx, 'neural or standard', given.engine, ['engine']);
    if (name === undefined || (given.engine !== undefined && engine === undefined)) return z.NEVER;
    const engines = JAPANESE_VOICES[name] ?? [];
    if (engine === undefined) return { name, engine: (engines[0] ?? 'Neural') as VoiceEngine };
    if (!engines.includes(engine)) {
      fail(ctx, `a voice and engine Polly supports: ${name} speaks ${engines.join(' or ')} only`, given);
      return z.NEVER;
    }
    return { name, engine };
  })
  .optional()
  .transform((resolved) => resolved ?? { name: 'Kazuha', engine: 'Neural' as VoiceEngine })
  .meta({ description: 'Japanese Polly voice: Kazuha, Tomoko (neural), Takumi (neural or standard), Mizuki (standard).' });

/** Text a caller hears: not empty, within the per-block limit, no control characters, only the placeholders given. */
function spokenText(allowed: readonly string[]) {
  return nonEmptyString().superRefine((text, ctx) => {
    if (text.length > MAX_ANNOUNCEMENT_CHARS) {
      fail(ctx, `at most ${MAX_ANNOUNCEMENT_CHARS} characters`, `${text.slice(0, 20)}... (${text.length} characters)`);
    }
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u.test(text)) {
      fail(ctx, 'text without control characters (line breaks and tabs are fine)', text.slice(0, 40));
    }
    // The flow validator refuses any %Name% left in a rendered flow: refused here, where ops can see which text.
    const templateToken = text.match(PLACEHOLDER_PATTERN)?.[0];
    if (templateToken !== undefined) {
      fail(ctx, 'text without %Name% (the flow template\'s placeholder form; placeholders here are written in braces, such as {businessHours})', templateToken);
    }
    for (const [, placeholder] of text.matchAll(/\{([^}]*)\}/gu)) {
      if (placeholder === undefined || !allowed.includes(placeholder)) {
        fail(ctx, allowed.length === 0 ? 'no {placeholders} in this text' : `only the placeholders ${allowed.map((p) => `{${p}}`).join(', ')}`, `{${placeholder ?? ''}}`);
      }
    }
  });
}

function announcement(key: AnnouncementKey) {
  const allowed = ANNOUNCEMENT_PLACEHOLDERS[key];
  return spokenText(allowed)
    .optional()
    .transform((text) => text ?? DEFAULT_ANNOUNCEMENTS[key])
    .meta({ description: `Spoken text; placeholders: ${allowed.map((p) => `{${p}}`).join(', ')}.` });
}

const menuOption = z
  .strictObject(
    {
      action: z.literal([...MENU_ACTIONS], { error: `one of ${MENU_ACTIONS.map((a) => `"${a}"`).join(', ')}` }),
      text: spokenText(['businessHours']).optional(),
      then: z
        .literal([...MENU_AFTER_ANNOUNCEMENT], { error: `one of ${MENU_AFTER_ANNOUNCEMENT.map((a) => `"${a}"`).join(', ')}` })
        .optional(),
    },
    { error: 'an option such as {"action": "staff"} or {"action": "announcement", "text": "…", "then": "menu"}' },
  )
  .transform((option, ctx) => {
    if (option.action === 'staff') {
      if (option.text !== undefined) fail(ctx, 'no text on a staff option (the in-hours announcement has been played; say more in the menu prompt)', option.text, ['text']);
      if (option.then !== undefined) fail(ctx, 'no then on a staff option (the call goes to staff)', option.then, ['then']);
      return option.text === undefined && option.then === undefined ? ({ action: 'staff' } as const) : z.NEVER;
    }
    if (option.text === undefined) {
      fail(ctx, 'the text of the announcement (an announcement option needs one)', undefined, ['text']);
      return z.NEVER;
    }
    return { action: 'announcement' as const, text: option.text, then: option.then ?? ('menu' as const) };
  });

const menu = z
  .strictObject(
    {
      prompt: spokenText(['businessHours']).meta({ description: 'What the menu says, e.g. 「お問い合わせは1を、製品情報は2を押してください。」' }),
      options: z
        .record(z.string(), menuOption, { error: 'an object of keys, e.g. {"1": {"action": "staff"}}' })
        .superRefine(
          (options, ctx) => {
            const keys = Object.keys(options);
            if (keys.length === 0) fail(ctx, 'at least one option', options);
            for (const key of keys) {
              if (!(MENU_KEYS as readonly string[]).includes(key)) {
                fail(ctx, MENU_KEY_EXPECTED, key, [key]);
              }
            }
          },
          // Also when an option is wrong, so a bad key and a bad option are listed together.
          { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
        )
        .meta({ description: 'One entry per key (0-9, *, #): {"action": "staff"} or {"action": "announcement", "text": "…", "then": "menu" | "disconnect"}.' }),
      timeoutSeconds: wholeNumber(1, MAX_MENU_TIMEOUT_SECONDS)
        .default(10)
        .meta({ description: 'How long the menu waits for a key; no key (or a phone that cannot send tones) goes to staff.' }),
      retries: wholeNumber(0, MAX_MENU_RETRIES)
        .default(2)
        .meta({ description: 'How many times an unknown key replays the menu before the call goes to staff.' }),
    },
    { error: 'an object such as {"prompt": "…", "options": {"1": {"action": "staff"}}}' },
  )
  .optional()
  .meta({ description: 'An in-hours menu played after the in-hours announcement. Without it the call goes straight to staff.' });

const queueName = z
  .string({ error: 'a queue name of 1-127 characters' })
  .superRefine((name, ctx) => {
    if (name.trim() === '' || [...name].length > 127) fail(ctx, 'a queue name of 1-127 characters', name);
    else if (/[\u0000-\u001f\u007f-\u009f]/u.test(name)) fail(ctx, 'a queue name without control characters', name);
  });

function queueText(key: keyof typeof DEFAULT_QUEUE_TEXTS) {
  const allowed = QUEUE_TEXT_PLACEHOLDERS[key];
  // The position sentence is there to say the position: one without {position} would never tell the caller.
  const checked =
    key === 'positionText'
      ? spokenText(allowed).refine((value) => value.trim() === '' || value.includes('{position}'), {
          error: 'a text with {position} (the caller\'s place in the queue, which this sentence is there to say)',
        })
      : spokenText(allowed);
  return checked
    .optional()
    .transform((text) => text ?? DEFAULT_QUEUE_TEXTS[key])
    .meta({ description: `Spoken text; placeholders: ${allowed.map((p) => `{${p}}`).join(', ')}.` });
}

const routing = z
  .strictObject(
    {
      queue: z
        .strictObject(
          {
            name: queueName.meta({ description: 'The Connect queue the stack creates (unique in the instance).' }),
            maxContacts: wholeNumber(1, 10_000)
              .default(10)
              .meta({ description: 'Callers the queue holds; the next one hears fullText.' }),
            repeatSeconds: wholeNumber(MIN_QUEUE_REPEAT_SECONDS, 3600)
              .default(60)
              .meta({ description: 'How often a waiting caller hears the position again (more than 20 s: an agent has 20 s to accept).' }),
            holdPromptArn: z
              .string({ error: 'a prompt ARN arn:aws:connect:<region>:<account>:instance/<id>/prompt/<id>' })
              .regex(/^arn:aws(-us-gov)?:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}\/prompt\/[0-9a-f-]{36}$/u, {
                error: 'a prompt ARN arn:aws:connect:<region>:<account>:instance/<id>/prompt/<id>',
              })
              .optional()
              .meta({ description: 'Hold music: a prompt of the instance (e.g. its "CustomerQueue.wav"). Default: holdText with silence.' }),
            positionText: queueText('positionText'),
            holdText: queueText('holdText'),
            fullText: queueText('fullText'),
            closedText: queueText('closedText'),
          },
          { error: 'an object such as {"name": "support", "maxContacts": 10}' },
        )
        .optional(),
    },
    { error: 'an object such as {"queue": {"name": "support", "maxContacts": 10}}' },
  )
  .optional()
  .meta({ description: 'Where in-hours callers go: without queue, the external staffNumber (default); with it, a Connect queue staff answer in Connect.' });

const announcements = z
  .strictObject({
    inHours: announcement('inHours'),
    afterHours: announcement('afterHours'),
    holiday: announcement('holiday'),
    closure: announcement('closure'),
    emergency: announcement('emergency'),
    transferFailed: announcement('transferFailed'),
  })
  .prefault({});

const calendarUrl = z
  .string({ error: 'an https:// URL of an iCalendar (.ics) feed on a public host' })
  .superRefine((url, ctx) => {
    const problem = calendarUrlProblem(url);
    // The value is not repeated: a URL with credentials or a private token must not end up in a CI log.
    if (problem !== undefined) fail(ctx, `an https:// URL of an iCalendar (.ics) feed on a public host (${problem})`, undefined, [], true);
  })
  .default(GOOGLE_JAPANESE_HOLIDAYS_URL);

const fetchSchedule = z
  .string({ error: 'a daily time "HH:MM", a cron(m h dom mon dow year) or a rate(n hours) expression' })
  .superRefine((text, ctx) => {
    const reading = readFetchSchedule(text);
    if (!reading.ok) fail(ctx, reading.reason, text);
  })
  .default('06:00')
  .meta({ description: 'When to fetch, on the site clock: "HH:MM" daily, or an EventBridge Scheduler cron(...) / rate(...).' });

const checks = z
  .strictObject({
    minHolidaysPerYear: wholeNumber(0, 366).default(14),
    maxHolidaysPerYear: wholeNumber(1, 366).default(24),
    minDaysAhead: wholeNumber(0, 366).default(60),
  })
  .superRefine((value, ctx) => {
    if (value.minHolidaysPerYear > value.maxHolidaysPerYear) {
      fail(ctx, `minHolidaysPerYear (${value.minHolidaysPerYear}) not above maxHolidaysPerYear (${value.maxHolidaysPerYear})`, value);
    }
  })
  .prefault({});

const civilDate = z.string({ error: 'a date YYYY-MM-DD' }).refine((value) => isCivilDate(value), { error: 'a date YYYY-MM-DD' });

const statutoryCorrections = z
  .array(
    z.strictObject({
      date: civilDate.refine((date) => secondSourceCovers(date), {
        error: `a date within the years the second source covers (${secondSourceLabel()})`,
      }),
      statutory: z.boolean({ error: 'true (a statutory day the second source lacks) or false (one it lists wrongly)' }),
      reason: reasonText('why (the law or notice that makes the calendar right)', 200),
    }),
    { error: 'a list' },
  )
  .superRefine((entries, ctx) => {
    eachDateOnce(entries, ctx);
    entries.forEach((entry, index) => {
      // A correction that corrects nothing would hide a later real disagreement on that date: refuse it.
      if ((statutoryDayOn(entry.date) !== undefined) === entry.statutory) {
        fail(ctx, `a correction: ${secondSourceLabel()} already ${entry.statutory ? 'lists' : 'does not list'} ${entry.date}; remove this entry`, entry, [index]);
      }
    });
  })
  .default([])
  .meta({ description: 'Dates where you confirmed the second source (holiday_jp) is behind or wrong: true for a new law\'s holiday, false for a listed day that is not one.' });

/** A list keyed by date names each date once (the second would silently win or lose). */
function eachDateOnce(entries: readonly { readonly date: string }[], ctx: Ctx): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.date)) fail(ctx, 'each date once', entry.date, [index, 'date']);
    seen.add(entry.date);
  });
}

const allowRemoval = z
  .array(
    z.strictObject({
      date: civilDate,
      reason: reasonText('why the day is a business day now', 200),
    }),
    { error: 'a list' },
  )
  .superRefine(eachDateOnce)
  .default([])
  .meta({ description: 'Closed days that may leave the stored list (they are business days now).' });

const fetchLimits = z
  .strictObject({
    timeoutSeconds: wholeNumber(1, 60).default(10),
    maxBytes: wholeNumber(10_000, 20_000_000).default(2_000_000),
    attempts: wholeNumber(1, 5).default(3),
  })
  .prefault({})
  .transform((limits) => ({ timeoutMs: limits.timeoutSeconds * 1000, maxBytes: limits.maxBytes, attempts: limits.attempts }));

const holidays = z
  .strictObject({
    calendarUrl,
    closedObservances: z
      .array(nonEmptyString('an observance name such as "銀行休業日"').transform((name) => name.trim()), { error: 'a list' })
      .default([])
      .meta({ description: 'Observance names (SUMMARY) that close the line, e.g. ["銀行休業日"]. Others are business days.' }),
    fetchSchedule,
    checks,
    statutoryCorrections,
    allowRemoval,
    fetch: fetchLimits,
    rewriteUnchangedAfterDays: wholeNumber(1, 365).default(7),
  })
  .prefault({});

const MONTH_DAY = /^\d{2}-\d{2}$/u;
const YEAR_DATE = /^\d{4}-\d{2}-\d{2}$/u;

const closure = z
  .strictObject({
    from: z.string({ error: 'a date YYYY-MM-DD (that year only) or MM-DD (every year)' }),
    to: z.string({ error: 'a date written like from' }).optional(),
    reason: reasonText('a reason callers may hear, such as "年末年始"', MAX_DAY_NAME_CHARS).superRefine((reason, ctx) => {
      // Only for a reason that passed the text rules (blank and over-long ones have their own message).
      if (reason.trim() === '' || [...reason].length > MAX_DAY_NAME_CHARS) return;
      if (cleanDayName(reason, 'closure') !== reason.replace(/[\s\u3000]+/gu, ' ').trim()) {
        fail(ctx, 'text without invisible formatting characters (it is read out to callers)', reason);
      }
    }),
  })
  .superRefine((value, ctx) => {
    const to = value.to ?? value.from;
    const yearly = MONTH_DAY.test(value.from);
    // A leap year, so that 02-29 is a valid yearly date.
    const asDate = (day: string) => (yearly ? `2000-${day}` : day);
    if (!(yearly || YEAR_DATE.test(value.from)) || !isCivilDate(asDate(value.from))) {
      fail(ctx, 'a date YYYY-MM-DD (that year only) or MM-DD (every year)', value.from, ['from']);
    } else if (yearly !== MONTH_DAY.test(to) || !isCivilDate(asDate(to))) {
      fail(ctx, `a date written like from (${yearly ? 'MM-DD' : 'YYYY-MM-DD'})`, value.to, ['to']);
    } else if (!yearly && to < value.from) {
      // A yearly closure may run across the new year (12-29 to 01-03); a one-off one has both years written.
      fail(ctx, `a closure that ends on or after it starts (${to} is before ${value.from})`, value);
    }
  })
  .transform((value) => ({ from: value.from, to: value.to ?? value.from, reason: value.reason }));

/** Most alert addresses: each is an SNS subscription resource in the stack. */
export const MAX_ALERT_EMAILS = 100;

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/u;

const alertEmails = z
  .array(z.string({ error: 'an e-mail address such as ops@example.com' }).refine((email) => EMAIL.test(email) && !email.includes('..') && !/^\.|\.@/u.test(email), { error: 'an e-mail address such as ops@example.com (just the address, no name or <>)' }), {
    error: 'a list of e-mail addresses',
  })
  .min(1, { error: 'at least one e-mail address, so failures reach someone' })
  // One SNS subscription each, in a stack CloudFormation caps at 500 resources.
  .max(MAX_ALERT_EMAILS, { error: `at most ${MAX_ALERT_EMAILS} addresses (one subscription each; use a mailing list for more)` })
  .superRefine((emails, ctx) => {
    const seen = new Map<string, number>();
    emails.forEach((email, index) => {
      const key = email.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) fail(ctx, `each address once (the same as alertEmails[${first}] apart from case; it would get every alert twice)`, email, [index]);
      else seen.set(key, index);
    });
  })
  .meta({ description: 'One SNS e-mail subscription each.' });

const checker = z
  .strictObject({
    revalidateMinutes: wholeNumber(1, 60).default(5),
    maxListAgeDays: wholeNumber(1, 400).default(10),
    fallbackClosed: z.boolean({ error: 'true or false' }).default(false),
  })
  .prefault({});

/** Where the closed-day overrides live: see {@link hoursOverrides}. */
export const OVERRIDE_PLACEMENTS = ['closed-days-resource', 'business-hours'] as const;

/** Override slots the sync may use by default: all 50 on its own resource, 40 on the business hours (10 left for ops). */
export const DEFAULT_MAX_OVERRIDES: Readonly<Record<(typeof OVERRIDE_PLACEMENTS)[number], number>> = {
  'closed-days-resource': 50,
  'business-hours': 40,
};

const hoursOverrides = z
  .strictObject({
    enabled: z.boolean({ error: 'true or false' }).default(true).meta({
      description: 'Sync every closed day into Connect hours-of-operation overrides (the hours check then knows them even when the checker fails).',
    }),
    placement: z
      .literal([...OVERRIDE_PLACEMENTS], { error: `one of ${OVERRIDE_PLACEMENTS.map((value) => `"${value}"`).join(', ')}` })
      .default('closed-days-resource')
      .meta({
        description:
          '"closed-days-resource": a separate hours resource the business hours link to (keeps their 50 overrides for ops); "business-hours": on the business hours themselves.',
      }),
    maxOverrides: wholeNumber(1, 50).optional().meta({
      description: 'Most overrides the sync may hold (Connect allows 50 per hours resource). Default 50, or 40 on the business hours.',
    }),
  }, { error: 'an object such as {"enabled": true, "placement": "closed-days-resource"}' })
  .prefault({})
  .transform((value) => ({ ...value, maxOverrides: value.maxOverrides ?? DEFAULT_MAX_OVERRIDES[value.placement] }));

/** An instance ARN in a partition and Region Amazon Connect runs in (it has none in China), with the instance's UUID. */
const INSTANCE_ARN = /^arn:aws(-us-gov)?:connect:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:instance\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

const connect = z
  .strictObject({
    instanceArn: z.string({ error: 'an instance ARN arn:aws:connect:<region>:<account>:instance/<uuid>' }).optional(),
    createInstanceAlias: z.string({ error: 'an instance alias' }).optional(),
  }, { error: 'an object with instanceArn or createInstanceAlias' })
  .transform((value, ctx) => {
    if ((value.instanceArn === undefined) === (value.createInstanceAlias === undefined)) {
      fail(ctx, 'exactly one of instanceArn (an existing instance) or createInstanceAlias (create one)', value);
      return z.NEVER;
    }
    if (value.instanceArn !== undefined) {
      if (!INSTANCE_ARN.test(value.instanceArn)) {
        fail(ctx, 'an instance ARN arn:aws:connect:<region>:<account>:instance/<uuid>', value.instanceArn, ['instanceArn']);
        return z.NEVER;
      }
      return { instanceArn: value.instanceArn } as { readonly instanceArn: string } | { readonly createInstanceAlias: string };
    }
    const alias = value.createInstanceAlias as string;
    if (!/^(?!d-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,43}[A-Za-z0-9])?$/u.test(alias)) {
      fail(ctx, 'an instance alias: 1-45 letters, digits and hyphens, not starting with d-', alias, ['createInstanceAlias']);
      return z.NEVER;
    }
    return { createInstanceAlias: alias } as { readonly instanceArn: string } | { readonly createInstanceAlias: string };
  });

const timeZone = z
  .string({ error: 'an IANA time zone name such as Asia/Tokyo' })
  .superRefine((zone, ctx) => {
    const canonical = canonicalTimeZoneName(zone);
    if (canonical !== zone) {
      fail(ctx, `an IANA time zone name such as Asia/Tokyo${canonical !== undefined ? ` (did you mean ${canonical}?)` : ''}`, zone);
    }
  })
  .default('Asia/Tokyo');

/** The whole site configuration as written (input) and as resolved (output). */
export const siteConfigSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'The JSON Schema editors use: config/site-config.schema.json.' }),
    siteName: z
      .string({ error: 'a name of 1-40 letters, digits and hyphens, starting with a letter' })
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,39}$/u, { error: 'a name of 1-40 letters, digits and hyphens, starting with a letter' })
      .default('after-hours')
      .meta({ description: 'Names the stack (ConnectAfterHours-<siteName>), resources and the metrics\' Site dimension.' }),
    connect,
    phoneNumber: phoneNumber().meta({ description: 'The Connect number callers dial (claimed in the instance).' }),
    associatePhoneNumber: z.boolean({ error: 'true or false' }).default(true),
    staffNumber: phoneNumber()
      .optional()
      .meta({ description: 'The external number staff answer: the transfer destination. Required unless routing.queue is set.' }),
    callerId: phoneNumber().optional().meta({ description: 'The number staff see on a transfer. Default: phoneNumber.' }),
    transferRingSeconds: wholeNumber(1, 600).default(30),
    timeZone,
    businessHours,
    voice,
    announcements,
    menu,
    routing,
    holidays,
    closures: z
      .array(closure, { error: 'a list of {"from": "12-29", "to": "01-03", "reason": "年末年始"}' })
      .max(MAX_CLOSURES, { error: `at most ${MAX_CLOSURES} closures` })
      .default([]),
    alertEmails,
    checker,
    hoursOverrides,
    logRetentionDays: z
      .literal([...LOG_RETENTION_DAYS], { error: `a retention CloudWatch offers (${LOG_RETENTION_DAYS.join(', ')})` })
      .default(90),
  }, { error: 'a JSON object' })
  .meta({ title: 'connect-after-hours site configuration' });

/** The configuration as ops write it. */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;

/** The configuration after the schema (every default filled in, phone numbers in E.164), before cross-field rules. */
export type ParsedSiteConfig = z.output<typeof siteConfigSchema>;

/**
 * Fields an earlier version had, and what replaced them: a config that still has one is told what to write instead
 * rather than only "no such field".
 */
export const RETIRED_FIELDS: Readonly<Record<string, string>> = {
  'holidays.checks.maxDropShare':
    'no such field any more: every closed day in the next 400 days is now protected one by one; list the dates that may go in holidays.allowRemoval',
  'holidays.checks.acceptLargeDrop':
    'no such field any more: every closed day in the next 400 days is now protected one by one; list the dates that may go in holidays.allowRemoval',
};

/** The JSON Schema editors read (`config/site-config.schema.json`): the input side of {@link siteConfigSchema}. */
export function siteConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(siteConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}
