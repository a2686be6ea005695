/**
 * Shared inputs for the flow tests: the example site, its rendered flow, and the holiday list the fetcher would
 * store for the Google calendar fixture.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildHolidayList } from '../../lambda/fetch-holidays/build-list';
import type { HolidayList } from '../../lambda/shared/holiday-list';
import { holidayPolicyOf } from '../../lib/config/derive';
import { loadSiteConfig } from '../../lib/config/load';
import type { SiteConfig } from '../../lib/config/site-config';
import type { FlowDocument } from '../../lib/flow/flow-document';
import { EXAMPLE_FLOW_REFS, renderContactFlow } from '../../lib/flow/render';

/** The example site, as the loader resolves config/example.json. */
export const exampleConfig: SiteConfig = loadSiteConfig();

/** The example site's flow, rendered as the simulator and the diagram render it. */
export function exampleFlow(): FlowDocument {
  return renderContactFlow(exampleConfig, EXAMPLE_FLOW_REFS);
}

/** The Google "日本の祝日" feed fixture (2025-2027, with observances). */
export const GOOGLE_CALENDAR_FIXTURE = path.join(__dirname, '..', 'fixtures', 'calendars', 'google-2025-2027.ics');

/** The list the fetcher would store had it read the fixture at `now`. */
export function exampleHolidayList(now: Date, config: SiteConfig = exampleConfig): HolidayList {
  return buildHolidayList(readFileSync(GOOGLE_CALENDAR_FIXTURE, 'utf8'), holidayPolicyOf(config), {
    now,
    sourceUrl: 'https://calendar.example/basic.ics',
  });
}
