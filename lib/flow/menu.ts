/**
 * The in-hours menu as flow blocks, generated from the site's `menu` (its keys and retries vary, so it is built
 * here rather than written in the template). The menu is one GetParticipantInput per attempt: an unknown key moves
 * to the next attempt, the last attempt's unknown key and a missing key go to staff. Every choice is recorded on the
 * contact before anything else happens (see `outcomes.ts`).
 */
import type { SiteConfig } from '../config/site-config';
import type { FlowAction } from './flow-document';
import {
  MENU_CHOICE_ATTRIBUTE,
  MENU_INVALID_INPUT,
  MENU_NO_INPUT,
  menuChoseAttribute,
  OUTCOME_ATTRIBUTE,
} from './outcomes';

/** The site's menu, resolved. */
export type MenuConfig = NonNullable<SiteConfig['menu']>;

/** The first attempt of the menu: where the in-hours announcement leads when a menu is configured. */
export const MENU_ENTRY = 'menu-1';

/** The block that hangs up (the template's). */
const DISCONNECT = 'disconnect';

/** The Identifier of attempt `attempt` (1-based). */
export function menuAttemptIdentifier(attempt: number): string {
  return `menu-${attempt}`;
}

function keyName(key: string): string {
  return key === '*' ? 'star' : key === '#' ? 'hash' : key;
}

/** The Identifier of the block that records the choice of `key`. */
export function menuKeyIdentifier(key: string): string {
  return `menu-key-${keyName(key)}`;
}

function record(identifier: string, attributes: Record<string, string>, next: string): FlowAction {
  return {
    Identifier: identifier,
    Type: 'UpdateContactAttributes',
    Parameters: { Attributes: attributes, TargetContact: 'Current' },
    // A failed write loses a statistic, never the call.
    Transitions: { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }] },
  };
}

/**
 * The menu's blocks. `staffEntry` is where "staff" (and no input, and used-up retries) lead; `speak` turns a
 * configured text into the text the flow speaks (placeholders filled as for the announcements).
 */
export function menuActions(menu: MenuConfig, staffEntry: string, speak: (text: string) => string): FlowAction[] {
  const keys = Object.keys(menu.options);
  const attempts = menu.retries + 1;
  const actions: FlowAction[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const noInput = 'menu-no-input';
    const unknownKey = attempt < attempts ? menuAttemptIdentifier(attempt + 1) : 'menu-invalid';
    actions.push({
      Identifier: menuAttemptIdentifier(attempt),
      Type: 'GetParticipantInput',
      Parameters: { Text: speak(menu.prompt), StoreInput: 'False', InputTimeLimitSeconds: String(menu.timeoutSeconds) },
      Transitions: {
        NextAction: noInput,
        Conditions: keys.map((key) => ({
          NextAction: menuKeyIdentifier(key),
          Condition: { Operator: 'Equals', Operands: [key] },
        })),
        Errors: [
          { ErrorType: 'InputTimeLimitExceeded', NextAction: noInput },
          { ErrorType: 'NoMatchingCondition', NextAction: unknownKey },
          { ErrorType: 'NoMatchingError', NextAction: noInput },
        ],
      },
    });
  }
  for (const key of keys) {
    const option = menu.options[key];
    if (option === undefined) continue;
    const chosen = { [MENU_CHOICE_ATTRIBUTE]: key, [menuChoseAttribute(key)]: 'true' };
    if (option.action === 'staff') {
      actions.push(record(menuKeyIdentifier(key), chosen, staffEntry));
      continue;
    }
    const say = `menu-say-${keyName(key)}`;
    const ends = option.then === 'disconnect';
    actions.push(record(menuKeyIdentifier(key), ends ? { ...chosen, [OUTCOME_ATTRIBUTE]: 'menu-announcement' } : chosen, say));
    const next = ends ? DISCONNECT : MENU_ENTRY;
    actions.push({
      Identifier: say,
      Type: 'MessageParticipant',
      Parameters: { Text: speak(option.text) },
      Transitions: { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }] },
    });
  }
  actions.push(record('menu-no-input', { [MENU_CHOICE_ATTRIBUTE]: MENU_NO_INPUT }, staffEntry));
  actions.push(record('menu-invalid', { [MENU_CHOICE_ATTRIBUTE]: MENU_INVALID_INPUT }, staffEntry));
  return actions;
}
