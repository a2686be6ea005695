/**
 * The site configuration: everything one after-hours line needs, after validation and defaults.
 *
 * Ops write a JSON file (see `config/example.json`, checked by editors against `config/site-config.schema.json`);
 * {@link loadSiteConfig} in `./load` reads it, checks every field at once and returns this resolved, normalised
 * shape (phone numbers in E.164, engine spelt as Polly spells it, every default filled in). The type is derived from
 * the schema in `./schema`, never written by hand, so the two cannot drift apart.
 */
import type { ParsedSiteConfig } from './schema';

export { GOOGLE_JAPANESE_HOLIDAYS_URL, JAPANESE_VOICES, MENU_KEYS } from './schema';
export type { VoiceEngine } from './schema';

/** The whole, validated site configuration. `callerId` is resolved (it defaults to `phoneNumber`). */
export type SiteConfig = Omit<ParsedSiteConfig, '$schema' | 'callerId'> & { readonly callerId: string };

/** The Amazon Connect instance the line lives in: an existing one (`instanceArn`) or one to create. */
export type ConnectInstanceConfig = SiteConfig['connect'];

/** One opening period within a day, on the site's wall clock (`end` may be `24:00`). */
export type OpeningPeriod = { readonly start: string; readonly end: string };

/** The text-to-speech voice callers hear. */
export type VoiceConfig = SiteConfig['voice'];

/** What callers hear. */
export type Announcements = SiteConfig['announcements'];

/** The holiday calendar and when it is fetched. */
export type HolidayCalendarConfig = SiteConfig['holidays'];

/** How the is-holiday checker answers. */
export type CheckerConfig = SiteConfig['checker'];

/** Whether and where the closed days are synced into Connect hours-of-operation overrides. */
export type HoursOverridesConfig = SiteConfig['hoursOverrides'];
