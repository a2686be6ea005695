/**
 * What the flows record on every contact: why the call ended as it did. Connect keeps contact attributes on the
 * contact record for 24 months and contact search filters on them, so "who called while we were closed" and "how
 * many callers chose 2" need no store of our own. The templates write these values; a test holds them to this list.
 */

/** The contact attribute holding the call's outcome. */
export const OUTCOME_ATTRIBUTE = 'outcome';

/**
 * Every outcome a flow records, and what it means. Each is written before the caller hears the matching
 * announcement (most callers hang up during it), so the last one written is the call's outcome.
 */
export const CALL_OUTCOMES = {
  'after-hours': 'outside the business hours (also when the checker failed and the hours check said closed)',
  holiday: 'a public holiday or a closed observance',
  closure: 'a company closure from the configuration',
  emergency: 'a live closure (`close`), with its reason spoken',
  'in-hours': 'reached the in-hours announcement (and the menu, if any) and hung up before staff or the queue; every later outcome overwrites it',
  'menu-announcement': 'a menu announcement that ends the call (`then: "disconnect"`)',
  transferred: 'handed to the external staff number (overwritten by transfer-failed if nobody answered)',
  'transfer-failed': 'the external staff number did not answer or the transfer failed',
  queued: 'put in the Connect queue',
  'queue-full': 'the queue held maxContacts callers',
  'queue-closed': 'the business hours ended before the caller reached the queue, or while they waited',
  'queue-failed': 'Connect could not put the caller in the queue',
} as const;

/** An outcome value. */
export type CallOutcomeValue = keyof typeof CALL_OUTCOMES;

/** The contact attribute holding the last menu key accepted, or `none` (no key in time) or `invalid` (retries used up). */
export const MENU_CHOICE_ATTRIBUTE = 'menuChoice';

/** `menuChoice` when no key came within the time limit. */
export const MENU_NO_INPUT = 'none';

/** `menuChoice` when unknown keys used up the retries. */
export const MENU_INVALID_INPUT = 'invalid';

/** What `menuChoice` says besides a key, in words (the diagram's table). */
export const MENU_CHOICE_MEANINGS: Readonly<Record<string, string>> = {
  [MENU_NO_INPUT]: 'no key came within the time limit',
  [MENU_INVALID_INPUT]: 'unknown keys used up the retries',
};

/**
 * The attribute set to `true` once a caller chose `key` (`menuChose2`, `menuChoseStar`, `menuChoseHash`): a caller
 * who heard option 2 and went back to the menu still counts as having chosen 2.
 */
export function menuChoseAttribute(key: string): string {
  return `menuChose${key === '*' ? 'Star' : key === '#' ? 'Hash' : key}`;
}

/**
 * The attribute set to `true` when the caller reached the queue during a live opening (`open`): the queue flow then
 * keeps them waiting even outside the weekly hours, instead of apologising that the hours have ended.
 */
export const LIVE_OPENING_ATTRIBUTE = 'lineOpenedLive';

/** {@link LIVE_OPENING_ATTRIBUTE} in words (the diagram's table). */
export const LIVE_OPENING_MEANING =
  'the caller reached the queue during a live opening (`open`): the queue flow keeps them waiting outside the weekly hours';
