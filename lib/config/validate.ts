/**
 * Validate a site configuration as written by ops and resolve it into a {@link SiteConfig}.
 *
 * The field rules are the schema's (`schema.ts`); this file turns its issues into the messages ops read — field
 * path, the value given, what is expected, "did you mean" for a misspelt field — and adds the rules that span
 * fields. Every problem is reported at once, so one synth tells ops everything to fix. Some findings are warnings:
 * the configuration deploys, but ops should know (a mobile staff number needs an outbound quota).
 */
import type { z } from 'zod';
import { daysBetween } from '../../lambda/shared/civil-time';
import { MAX_DAY_NAME_CHARS } from '../../lambda/shared/holiday-list';
import { MAX_REASON_CHARS } from '../../lambda/shared/live-overrides';
import { nextOpenSentence } from '../../lambda/shared/next-open';
import { ENV } from '../../lambda/shared/metrics';
import { compiledInArgumentBytes, MAX_COMPILED_IN_ARGUMENT_BYTES } from '../bundling';
import { announcementForFlow, HOLIDAY_NAME_PATH, LIVE_REASON_PATH, NEXT_OPEN_PATH } from '../flow/render';
import { builtinCalendarOf, holidayPolicyOf } from './derive';
import { isGoogleJapaneseHolidayFeed, redactUrl } from '../../lambda/shared/calendar-url';
import { readPhoneNumber } from './phone';
import { longestGapMinutes, readFetchSchedule, shortestGapMinutes } from './schedule';
import { DEFAULT_GREETING_BEFORE_MENU, MAX_ANNOUNCEMENT_CHARS, MENU_KEY_EXPECTED, ParsedSiteConfig, RETIRED_FIELDS, siteConfigSchema } from './schema';
import type { SiteConfig } from './site-config';

export { DEFAULT_ANNOUNCEMENTS, LOG_RETENTION_DAYS } from './schema';

/** One thing wrong with a site configuration. */
export interface ConfigProblem {
  /** Where, e.g. `businessHours.MONDAY[0]`. */
  readonly path: string;
  /** The value given, as JSON (or `(missing)`, or `(not shown)` for a value that may hold a secret). */
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

/** Something ops should know about a configuration that still deploys. */
export interface ConfigWarning {
  readonly path: string;
  readonly message: string;
}

/** A validated configuration and what ops should be told about it. */
export interface ValidatedSiteConfig {
  readonly config: SiteConfig;
  readonly warnings: readonly ConfigWarning[];
}

/**
 * The observances Google's Japanese holiday feed carries (besides statutory days). A name outside this list in
 * `closedObservances` would close nothing, silently, so with the default calendar it is refused.
 */
export const GOOGLE_OBSERVANCES = ['節分', '雛祭り', '母の日', '七夕', '七五三', 'クリスマス', '大晦日', '銀行休業日'] as const;

/** A yearly closure longer than this is probably written backwards (from and to swapped): warned about. */
export const MAX_PLAUSIBLE_YEARLY_CLOSURE_DAYS = 31;

/** Days a yearly `MM-DD` closure spans (in a leap year, across the new year when `to` comes first). */
function yearlyClosureDays(from: string, to: string): number {
  return daysBetween(`2024-${from}`, `${to < from ? 2025 : 2024}-${to}`) + 1;
}

/** How often at most the calendar is fetched: the feed changes a few times a year, its host should see no storm. */
export const MIN_FETCH_INTERVAL_MINUTES = 60;

// A URL anywhere in a value (a misspelt calendarUrl, a URL inside an array) may carry a password or a secret path:
// shown with those parts redacted, as the fetcher shows URLs.
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"\\]+/giu;

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = (JSON.stringify(value) ?? String(value)).replace(URL_IN_TEXT, (url) => redactUrl(url));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** zod's own wording for a value of the wrong type ("Invalid input: expected object, received null"), in ours. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'an object ({…})',
  array: 'a list ([…])',
  string: 'text in quotes',
  number: 'a number',
  boolean: 'true or false',
};

function expectedOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) return TYPE_WORDS[issue.expected] ?? issue.message;
  return issue.message;
}

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    // A key a person wrote (a menu key): an empty one, or one with spaces, would vanish after a dot.
    else if (!/^[^\s."[\]]+$/u.test(String(segment))) text += `[${JSON.stringify(String(segment))}]`;
    else text += `${text === '' ? '' : '.'}${String(segment)}`;
  }
  return text === '' ? '(root)' : text;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The known name closest to `given`, when it is close enough to be a typo. */
export function didYouMean(given: string, known: readonly string[]): string | undefined {
  const exactCase = known.find((name) => name.toLowerCase() === given.toLowerCase());
  if (exactCase !== undefined) return exactCase;
  let best: { name: string; score: number } | undefined;
  for (const name of known) {
    const score = distance(given.toLowerCase(), name.toLowerCase());
    if (score <= Math.max(2, Math.floor(name.length / 4)) && (best === undefined || score < best.score)) best = { name, score };
  }
  return best?.name;
}

/** The field names a (strict) object schema at `path` knows, looking through wrappers, pipes and arrays. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = siteConfigSchema;
  const unwrap = (candidate: unknown): unknown => {
    let current = candidate as { _zod?: { def?: Record<string, unknown> } };
    for (let guard = 0; guard < 20; guard += 1) {
      const def = current?._zod?.def;
      if (def === undefined) return current;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable' || def.type === 'readonly') {
        current = def.innerType as typeof current;
      } else if (def.type === 'pipe') {
        current = def.in as typeof current;
      } else {
        return current;
      }
    }
    return current;
  };
  for (const segment of [...path, undefined]) {
    let current = unwrap(schema) as { _zod?: { def?: Record<string, unknown> } };
    // A union ("09:00-18:00" or {start, end}): the object member is the one that has fields.
    if (current?._zod?.def?.type === 'union') {
      const options = current._zod.def.options as Array<{ _zod?: { def?: Record<string, unknown> } }>;
      current = (options.map((option) => unwrap(option) as typeof current).find((option) => option?._zod?.def?.type === 'object') ?? current) as typeof current;
    }
    const def = current?._zod?.def;
    if (segment === undefined) {
      return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
    }
    if (def?.type === 'object') schema = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def?.type === 'array') schema = def.element;
    else if (def?.type === 'record') schema = def.valueType;
    else return [];
  }
  return [];
}

function problemsOf(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path).filter((key) => key !== '$schema');
      for (const key of issue.keys) {
        const where = [...issue.path, key];
        const value = (issue.input as Record<string, unknown> | undefined)?.[key];
        const retired = Object.hasOwn(RETIRED_FIELDS, pathText(where)) ? RETIRED_FIELDS[pathText(where)] : undefined;
        const suggestion = didYouMean(key, known);
        problems.push({
          path: pathText(where),
          given: show(value),
          expected:
            retired ??
            `no such field (${suggestion !== undefined ? `did you mean ${suggestion}? ` : ''}known: ${known.join(', ')})`,
        });
      }
      continue;
    }
    const hidden = (issue as { params?: { hideInput?: boolean } }).params?.hideInput === true;
    const problem = { path: pathText(issue.path), given: hidden ? '(not shown)' : show(issue.input), expected: expectedOf(issue) };
    // Two checks of one value can fail with one message (1e308 is neither whole nor in range): say it once.
    if (!problems.some((other) => other.path === problem.path && other.given === problem.given && other.expected === problem.expected)) problems.push(problem);
  }
  return problems;
}

type Partial = { [K in keyof ParsedSiteConfig]?: ParsedSiteConfig[K] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each top-level field parsed on its own, so the cross-field rules can run on whatever is valid. */
function validTopLevelFields(raw: Record<string, unknown>): Partial {
  const valid: Record<string, unknown> = {};
  const shape = siteConfigSchema.shape as Record<string, z.ZodType>;
  for (const [key, schema] of Object.entries(shape)) {
    const result = schema.safeParse(raw[key]);
    if (result.success) valid[key] = result.data;
  }
  return valid as Partial;
}

/** The rules that span top-level fields; each runs only once the fields it reads are valid. */
function crossFieldFindings(raw: Record<string, unknown>, valid: Partial): { problems: ConfigProblem[]; warnings: ConfigWarning[] } {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigWarning[] = [];
  const { phoneNumber, staffNumber, callerId, holidays, checker, businessHours } = valid;

  // Judged on what was written: an object whose only keys were misspelt is not "never open", it is misspelt.
  if (businessHours !== undefined && raw.businessHours !== undefined && Object.keys(businessHours).length === 0) {
    problems.push({ path: 'businessHours', given: show(raw.businessHours), expected: 'at least one opening period in the week (the line would never open)' });
  }

  // JSON.parse keeps a "__proto__" key as data, but the schema's record drops it silently: name it instead.
  if (isRecord(raw.menu) && isRecord(raw.menu.options) && Object.hasOwn(raw.menu.options, '__proto__')) {
    problems.push({ path: 'menu.options.__proto__', given: show(raw.menu.options['__proto__']), expected: MENU_KEY_EXPECTED });
  }
  // Judged on what was written, so a wrong routing block does not add a second, misleading problem here.
  const routesToQueue = isRecord(raw.routing) && raw.routing.queue !== undefined;
  if (raw.staffNumber === undefined && !routesToQueue) {
    problems.push({ path: 'staffNumber', given: '(missing)', expected: 'the external number staff answer (or routing.queue, for staff who answer in Connect)' });
  }
  if (valid.routing?.queue !== undefined && staffNumber !== undefined) {
    warnings.push({ path: 'staffNumber', message: `${staffNumber} is not used: routing.queue puts in-hours callers in the Connect queue "${valid.routing.queue.name}"` });
  }
  if (valid.routing?.queue !== undefined && /[^\x20-\x7e]/u.test(valid.routing.queue.name)) {
    warnings.push({
      path: 'routing.queue.name',
      message: `"${valid.routing.queue.name}" has non-ASCII characters: CloudWatch shows no metrics for such a queue, so the dashboard cannot graph its size and waits; an ASCII name such as "support" keeps them`,
    });
  }
  if (phoneNumber !== undefined && staffNumber !== undefined && phoneNumber === staffNumber && valid.routing?.queue === undefined) {
    problems.push({ path: 'staffNumber', given: show(raw.staffNumber), expected: 'a number other than phoneNumber (transferring a call to the line itself loops)' });
  }
  if (holidays !== undefined && checker !== undefined) {
    if (checker.maxListAgeDays <= holidays.rewriteUnchangedAfterDays) {
      problems.push({
        path: 'checker.maxListAgeDays',
        given: show(checker.maxListAgeDays),
        expected: `more days than holidays.rewriteUnchangedAfterDays (${holidays.rewriteUnchangedAfterDays}), or a healthy list would read as stale`,
      });
    }
    const reading = readFetchSchedule(holidays.fetchSchedule);
    if (reading.ok) {
      const gap = longestGapMinutes(reading.schedule, new Date().getUTCFullYear());
      const allowedDays = checker.maxListAgeDays / 2;
      // An unchanged list is rewritten at the first fetch once it is rewriteUnchangedAfterDays old, so its age
      // reaches that plus the longest gap between fetches before a rewrite: that must stay under the stale mark.
      const worstAgeDays = holidays.rewriteUnchangedAfterDays + gap / 1440;
      if (gap <= allowedDays * 1440 && checker.maxListAgeDays > holidays.rewriteUnchangedAfterDays && !(worstAgeDays < checker.maxListAgeDays)) {
        problems.push({
          path: 'checker.maxListAgeDays',
          given: show(checker.maxListAgeDays),
          expected: `more than holidays.rewriteUnchangedAfterDays (${holidays.rewriteUnchangedAfterDays}) plus the longest wait between fetches (${Math.round((gap / 1440) * 10) / 10} days): an unchanged list is rewritten only at the first fetch after it is ${holidays.rewriteUnchangedAfterDays} days old, and would read as stale before that`,
        });
      }
      if (!(gap <= allowedDays * 1440)) {
        problems.push({
          path: 'holidays.fetchSchedule',
          given: show(holidays.fetchSchedule),
          expected: `a schedule that fetches at least every ${allowedDays} days (half of checker.maxListAgeDays, so one failed fetch never makes the list stale); this one ${Number.isFinite(gap) ? `leaves up to ${Math.round((gap / 1440) * 10) / 10} days between fetches` : 'stops firing within three years'}`,
        });
      } else {
        const everyMinute = shortestGapMinutes(reading.schedule);
        if (everyMinute < MIN_FETCH_INTERVAL_MINUTES) {
          problems.push({
            path: 'holidays.fetchSchedule',
            given: show(holidays.fetchSchedule),
            expected: `at most one fetch an hour (this one fetches every ${everyMinute} minute${everyMinute === 1 ? '' : 's'}; the calendar changes a few times a year)`,
          });
        }
      }
    }
  }
  if (holidays !== undefined) {
    holidays.closedObservances.forEach((name, index) => {
      if ((GOOGLE_OBSERVANCES as readonly string[]).includes(name)) return;
      const suggestion = didYouMean(name, GOOGLE_OBSERVANCES);
      const hint = `${suggestion !== undefined ? `did you mean ${suggestion}? ` : ''}Google's observances: ${GOOGLE_OBSERVANCES.join(', ')}`;
      if (isGoogleJapaneseHolidayFeed(holidays.calendarUrl)) {
        problems.push({ path: `holidays.closedObservances[${index}]`, given: show(name), expected: `an observance the calendar has, or it closes nothing (${hint})` });
      } else {
        warnings.push({ path: `holidays.closedObservances[${index}]`, message: `"${name}" is not one of Google's observances; it closes the line only if your calendar has an event named exactly so (${hint})` });
      }
    });
  }
  if (staffNumber !== undefined && valid.routing?.queue === undefined) {
    const staff = readPhoneNumber(staffNumber);
    if (staff.ok && staff.country === 'JP' && staff.kind === 'MOBILE') {
      warnings.push({
        path: 'staffNumber',
        message: `${staffNumber} is a Japanese mobile number: Amazon Connect blocks outbound calls to Japanese mobile numbers (+8160/+8170/+8180/+8190) until the instance is allow-listed (a support case: Connect, Number Management, "Country Allowlisting for Outbound Calls"); until then every transfer fails`,
      });
    }
    if (staff.ok && staff.country === 'JP' && (staff.kind === 'PAGER' || staff.kind === 'UAN' || staff.kind === 'SHARED_COST')) {
      const what = staff.kind === 'PAGER' ? 'a 020 (pager / M2M) number' : 'a 0570 (ナビダイヤル) number';
      warnings.push({
        path: 'staffNumber',
        message: `${staffNumber} is ${what}: whether Amazon Connect can dial it is not known; try a transfer before going live, or use the office's 050 or 0X number`,
      });
    }
  }
  if (valid.closures !== undefined) {
    valid.closures.forEach((closure, index) => {
      if (!/^\d{2}-\d{2}$/u.test(closure.from)) return;
      // A yearly closure "01-03".."01-02" runs the whole year round: almost certainly from and to swapped.
      const length = yearlyClosureDays(closure.from, closure.to ?? closure.from);
      if (length > MAX_PLAUSIBLE_YEARLY_CLOSURE_DAYS) {
        warnings.push({
          path: `closures[${index}]`,
          message: `"${closure.reason}" closes ${length} days every year (${closure.from} to ${closure.to ?? closure.from}${closure.to !== undefined && closure.to < closure.from ? ', across the new year' : ''}); check that from and to are not swapped`,
        });
      }
    });
  }
  const shownCallerId = callerId ?? phoneNumber;
  if (shownCallerId !== undefined) {
    const caller = readPhoneNumber(shownCallerId);
    if (caller.ok && caller.kind === 'TOLL_FREE') {
      warnings.push({
        path: callerId === undefined ? 'phoneNumber' : 'callerId',
        message: `${shownCallerId} is toll-free: carriers may not present a toll-free number as the caller ID, so staff may see "非通知" or nothing; set callerId to a claimed 050/03 number`,
      });
    }
  }
  return { problems, warnings };
}

/** The rules that need the whole resolved configuration: what the flow will say, what the Lambdas carry. */
function resolvedConfigProblems(config: SiteConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // What callers hear: {businessHours} in words, and the longest answer the checker gives for the others.
  const longestName = 'x'.repeat(MAX_DAY_NAME_CHARS);
  const longestReason = 'x'.repeat(MAX_REASON_CHARS);
  const longestNextOpen = nextOpenSentence(new Date('2026-12-31T03:59:00Z'), 'Asia/Tokyo');
  const spokenTexts: Array<[path: string, text: string]> = [
    ...Object.entries(config.announcements).map(([key, text]): [string, string] => [`announcements.${key}`, text]),
    ...(config.menu === undefined
      ? []
      : [
          ['menu.prompt', config.menu.prompt] as [string, string],
          ...Object.entries(config.menu.options).flatMap(([key, option]): Array<[string, string]> =>
            option.action === 'announcement' ? [[`menu.options.${key}.text`, option.text]] : [],
          ),
        ]),
    ...(config.routing?.queue === undefined
      ? []
      : (['positionText', 'holdText', 'fullText', 'closedText'] as const).map((key): [string, string] => [
          `routing.queue.${key}`,
          (config.routing?.queue?.[key] ?? '').replaceAll('{position}', '99999'),
        ])),
  ];
  for (const [path, text] of spokenTexts) {
    const spoken = announcementForFlow(text, config)
      .replaceAll(HOLIDAY_NAME_PATH, longestName)
      .replaceAll(LIVE_REASON_PATH, longestReason)
      .replaceAll(NEXT_OPEN_PATH, longestNextOpen);
    if (spoken.length > MAX_ANNOUNCEMENT_CHARS) {
      problems.push({
        path,
        given: `${show(text.slice(0, 20))} (${spoken.length} characters once {businessHours} and the longest {holidayName} (${MAX_DAY_NAME_CHARS}), {reason} (${MAX_REASON_CHARS}) and {nextOpen} are filled in)`,
        expected: `at most ${MAX_ANNOUNCEMENT_CHARS} characters as spoken (Connect's text-to-speech limit per block)`,
      });
    }
  }
  // The site data compiled into the Lambdas goes to the bundler as one command-line argument each.
  const compiled: Array<[string, string, string]> = [
    ['closures / holidays.statutoryCorrections / holidays.allowRemoval (the fetcher)', `process.env.${ENV.holidayPolicy}`, JSON.stringify(holidayPolicyOf(config))],
    ['closures / holidays.statutoryCorrections (the checker and the override sync)', `process.env.${ENV.builtinCalendar}`, JSON.stringify(builtinCalendarOf(config))],
  ];
  const [what, bytes] = compiled
    .map(([name, expression, value]): [string, number] => [name, compiledInArgumentBytes(expression, value)])
    .reduce((largest, next) => (next[1] > largest[1] ? next : largest));
  if (bytes > MAX_COMPILED_IN_ARGUMENT_BYTES) {
    problems.push({
      path: 'closures',
      given: `${config.closures.length} closures, ${config.holidays.allowRemoval.length} removals, ${config.holidays.statutoryCorrections.length} corrections (${bytes} bytes compiled into ${what})`,
      expected: `at most ${MAX_COMPILED_IN_ARGUMENT_BYTES} bytes: remove past one-off closures and removals, or shorten the reasons`,
    });
  }
  return problems;
}

/**
 * Check a parsed site configuration and resolve defaults, returning it with the warnings ops should see. Throws
 * {@link SiteConfigError} listing every problem.
 * @param raw the parsed JSON
 * @param source where it came from, for the error message
 */
export function validateSiteConfigWithWarnings(raw: unknown, source = 'site configuration'): ValidatedSiteConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SiteConfigError(source, [{ path: '(root)', given: show(raw), expected: 'a JSON object' }]);
  }
  const result = siteConfigSchema.safeParse(raw, { reportInput: true });
  const record = raw as Record<string, unknown>;
  const valid = result.success ? result.data : validTopLevelFields(record);
  const cross = crossFieldFindings(record, valid);
  const problems = [...(result.success ? [] : problemsOf(result.error.issues)), ...cross.problems];
  if (problems.length > 0 || !result.success) throw new SiteConfigError(source, problems);
  const { $schema: _schema, callerId, ...rest } = result.data;
  // Before a menu, the default in-hours text would promise a transfer the menu has not offered yet.
  const greetingBeforeMenu =
    rest.menu !== undefined && !(isRecord(record.announcements) && record.announcements.inHours !== undefined)
      ? { announcements: { ...rest.announcements, inHours: DEFAULT_GREETING_BEFORE_MENU } }
      : {};
  const config: SiteConfig = { ...rest, ...greetingBeforeMenu, callerId: callerId ?? rest.phoneNumber };
  const resolved = resolvedConfigProblems(config);
  if (resolved.length > 0) throw new SiteConfigError(source, resolved);
  return { config, warnings: cross.warnings };
}

/** {@link validateSiteConfigWithWarnings} without the warnings (tests, and callers that print none). */
export function validateSiteConfig(raw: unknown, source = 'site configuration'): SiteConfig {
  return validateSiteConfigWithWarnings(raw, source).config;
}
