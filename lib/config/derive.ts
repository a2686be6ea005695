/**
 * Views of the site configuration that other parts take as their whole input.
 */
import type { HolidayPolicy } from '../../lambda/shared/holiday-policy';
import type { SiteConfig } from './site-config';

/** What the fetcher (and the CLI that runs its code) needs from the site configuration. */
export function holidayPolicyOf(config: SiteConfig): HolidayPolicy {
  return {
    timeZone: config.timeZone,
    calendarUrl: config.holidays.calendarUrl,
    closedObservances: config.holidays.closedObservances,
    closures: config.closures,
    checks: config.holidays.checks,
    fetch: config.holidays.fetch,
    rewriteUnchangedAfterDays: config.holidays.rewriteUnchangedAfterDays,
  };
}
