/**
 * CloudWatch metric names the Lambdas emit (embedded metric format) and the stack's alarms watch.
 * One place, so an alarm can never watch a metric nobody emits.
 */

/** Namespace of every custom metric. */
export const METRICS_NAMESPACE = 'ConnectAfterHours';

/** The dimension every custom metric carries: the site's name, so two sites in one account alarm apart. */
export const SITE_DIMENSION = 'Site';

/** Custom metric names. */
export const METRIC_NAMES = {
  /** The checker answered with the fallback: no list could be read (count per call). */
  holidayListUnavailable: 'HolidayListUnavailable',
  /** The checker answered from a list that is too old or does not cover today (count per call). */
  holidayListStale: 'HolidayListStale',
  /**
   * The fetcher failed and e-mailed the cause itself (1 per such run). The fetcher-failure alarm fires only for
   * failures this does not cover (timeouts, crashes), so a failed run is not e-mailed twice.
   */
  fetchFailureAlerted: 'HolidayFetchFailureAlerted',
  /** The list changed but the e-mail saying what changed could not be sent (1 per such run). */
  changeReportFailed: 'HolidayChangeReportFailed',
  /** Dates on which Connect's effective hours disagree with the planned closed days (per override sync run). */
  overrideMismatchDays: 'OverrideMismatchDays',
  /** Of those, the dates no e-mail (this run's or an earlier one) told admins about: what the alarm watches. */
  overrideMismatchDaysUnreported: 'OverrideMismatchDaysUnreported',
  /** Other override sync problems: too few slots for 90 days, a failed call, a name or slot conflict (per run). */
  overrideSyncProblems: 'OverrideSyncProblems',
  /** Of those, the ones no e-mail told admins about: what the alarm watches. */
  overrideSyncProblemsUnreported: 'OverrideSyncProblemsUnreported',
  /** How many days past today the overrides reach (per run). */
  overrideDaysAhead: 'OverrideDaysAhead',
  /** One per call, with the {@link ANSWER_DIMENSION}: what the caller got, by the checker's reckoning. */
  calls: 'Calls',
  /** The live override document could not be read or is damaged: the checker keeps what it held (0 or 1 per call and refresh). */
  liveOverridesUnreadable: 'LiveOverridesUnreadable',
  /** Hours since the held holiday list was fetched (per refresh). */
  holidayListAgeHours: 'HolidayListAgeHours',
} as const;

/** The second dimension of {@link METRIC_NAMES.calls}: open, after-hours, holiday, closure, emergency or fallback. */
export const ANSWER_DIMENSION = 'Answer';

/** Environment variable names the stack sets and the handlers read. */
export const ENV = {
  holidayBucket: 'HOLIDAY_BUCKET',
  holidayListKey: 'HOLIDAY_LIST_KEY',
  siteName: 'SITE_NAME',
  siteTimeZone: 'SITE_TIME_ZONE',
  alertTopicArn: 'ALERT_TOPIC_ARN',
  holidayPolicy: 'HOLIDAY_POLICY',
  revalidateMinutes: 'REVALIDATE_MINUTES',
  maxListAgeDays: 'MAX_LIST_AGE_DAYS',
  fallbackClosed: 'FALLBACK_CLOSED',
  builtinCalendar: 'BUILTIN_CALENDAR',
  instanceArn: 'CONNECT_INSTANCE_ARN',
  overrideHoursArn: 'OVERRIDE_HOURS_ARN',
  checkedHoursArn: 'CHECKED_HOURS_ARN',
  maxOverrides: 'MAX_OVERRIDES',
  syncStateKey: 'SYNC_STATE_KEY',
  overrideSyncFunction: 'OVERRIDE_SYNC_FUNCTION',
  liveOverridesKey: 'LIVE_OVERRIDES_KEY',
  businessHours: 'BUSINESS_HOURS',
} as const;

/** Read a required environment variable; a missing one fails at cold start with its name. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`missing environment variable ${name}`);
  return value;
}

/** Metrics reported with a second dimension besides the site (e.g. calls by answer). */
export interface SplitMetrics {
  readonly dimension: string;
  readonly value: string;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * The `_aws` block and values that make a JSON log line an embedded-metric-format document: CloudWatch turns the
 * line into one data point per metric, with the site as the dimension (and, for `split`, the site and its second
 * dimension). Spread it into the line's object.
 */
export function embeddedMetrics(
  siteName: string,
  values: Readonly<Record<string, number>>,
  timestampMs: number,
  split?: SplitMetrics,
): Record<string, unknown> {
  const directive = (dimensions: string[], names: Readonly<Record<string, number>>) => ({
    Namespace: METRICS_NAMESPACE,
    Dimensions: [dimensions],
    Metrics: Object.keys(names).map((Name) => ({ Name, Unit: 'Count' })),
  });
  return {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics:
        split === undefined
          ? [directive([SITE_DIMENSION], values)]
          : [directive([SITE_DIMENSION], values), directive([SITE_DIMENSION, split.dimension], split.values)],
    },
    [SITE_DIMENSION]: siteName,
    ...values,
    ...(split === undefined ? {} : { [split.dimension]: split.value, ...split.values }),
  };
}
