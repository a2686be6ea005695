/**
 * Views of the site configuration that other parts take as their whole input.
 */
import type { BuiltinCalendar } from '../../lambda/shared/builtin-calendar';
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
    statutoryCorrections: config.holidays.statutoryCorrections,
    allowRemoval: config.holidays.allowRemoval,
    fetch: config.holidays.fetch,
    rewriteUnchangedAfterDays: config.holidays.rewriteUnchangedAfterDays,
  };
}

/** What the checker (and the simulator) need to answer without a list: the closures and statutory corrections. */
export function builtinCalendarOf(config: SiteConfig): BuiltinCalendar {
  return { closures: config.closures, statutoryCorrections: config.holidays.statutoryCorrections };
}
