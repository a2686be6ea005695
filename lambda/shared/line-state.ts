/**
 * What a call gets at one instant, and why: the checker's whole answer to the flow (closed day, live override, when
 * the line next opens) and the category the dashboard counts. The checker Lambda, the flow simulator and the CLI's
 * `status` all call {@link answerCall}; nothing else combines these rules.
 */
import type { BuiltinCalendar } from './builtin-calendar';
import type { HoursOfOperationEntry } from './connect-hours';
import { CheckerResult, closedDayOn, ClosedDayIndex, decide, DecisionOptions, ListHealth } from './decision';
import { LiveOverride, liveOverrideAt, MAX_REASON_CHARS } from './live-overrides';
import { isOpenAt, nextOpening, NextOpeningMemo, nextOpenSentence, OpeningRules } from './next-open';

/**
 * What the caller gets, as the dashboard counts calls: transferred (`open`), or one of the closed announcements;
 * `fallback` when nothing knew today and the configured fallback answered.
 */
export type CallAnswer = 'open' | 'after-hours' | 'holiday' | 'closure' | 'emergency' | 'fallback';

/** Every {@link CallAnswer}, in the dashboard's order. */
export const CALL_ANSWERS: readonly CallAnswer[] = ['open', 'after-hours', 'holiday', 'closure', 'emergency', 'fallback'];

/** Everything the answer depends on besides the instant. */
export interface LineInputs {
  /** The held holiday list (undefined: none could be read). */
  readonly index: ClosedDayIndex | undefined;
  /** The live overrides (the document's list; cleared and ended ones are ignored). */
  readonly live: readonly LiveOverride[];
  /** The weekly hours, as Connect holds them. */
  readonly weekly: readonly HoursOfOperationEntry[];
  /** The closed-day rule's options (zone, list age, fallback, built-in calendar). */
  readonly options: DecisionOptions;
}

/** The answer at one instant. */
export interface LineAnswer {
  /** What the checker returns to the flow. */
  readonly result: CheckerResult;
  /** The state of the list behind it. */
  readonly list: ListHealth;
  /** What the caller gets, by the checker's reckoning (the flow's hours check has the last word in hours). */
  readonly answer: CallAnswer;
  /** The live override in force, if any. */
  readonly override?: LiveOverride;
  /** When the line next opens; undefined when it is open now or stays closed past the horizon. */
  readonly nextOpen?: Date;
}

const NO_BUILTIN_EXTRAS: BuiltinCalendar = { closures: [], statutoryCorrections: [] };

/** The opening rules for {@link nextOpening}: the checker's closed-day rule on each date, the weekly hours, the live overrides. */
export function openingRulesOf(inputs: LineInputs): OpeningRules {
  const builtin = inputs.options.builtin ?? NO_BUILTIN_EXTRAS;
  return {
    timeZone: inputs.options.timeZone,
    weekly: inputs.weekly,
    live: inputs.live,
    isClosedDay: (date) => {
      const known = closedDayOn(inputs.index, date, builtin);
      return known.known && known.day !== undefined;
    },
  };
}

/**
 * A reason as the flow speaks it: the document's parser already refused control characters and anything over
 * {@link MAX_REASON_CHARS}; this caps again whoever wrote it, counting characters, not UTF-16 units.
 */
function spokenReason(reason: string): string {
  return [...reason].slice(0, MAX_REASON_CHARS).join('').trim();
}

/**
 * The checker's answer at `now`. A live closure or opening in force decides first; then the closed-day rule
 * ({@link decide}); then the weekly hours (for the category and for whether to say when the line opens). Never
 * throws for data problems. `memo` (the checker's, held across warm calls) saves the search while nothing changed.
 */
export function answerCall(inputs: LineInputs, now: Date, memo?: NextOpeningMemo): LineAnswer {
  const { result: day, list } = decide(inputs.index, now, inputs.options);
  const override = liveOverrideAt(inputs.live, now);
  const rules = openingRulesOf(inputs);
  let answer: CallAnswer;
  if (override !== undefined) answer = override.kind === 'close' ? 'emergency' : 'open';
  else if (day.dataStatus === 'unavailable') answer = 'fallback';
  else if (day.isHoliday === 'true') answer = day.closedReason === 'closure' ? 'closure' : 'holiday';
  else answer = isOpenAt(rules, now) ? 'open' : 'after-hours';
  // Nothing to say while the line is open by its own rules (a fallback answer on an ordinary weekday included).
  const nextOpen =
    answer === 'open' || isOpenAt(rules, now)
      ? undefined
      : memo === undefined
        ? nextOpening(rules, now)
        : memo.nextOpening(rules, [inputs.index, inputs.live, inputs.weekly, inputs.options.builtin], now);
  const result: CheckerResult = {
    ...day,
    liveOverride: override?.kind ?? '',
    liveReason: override === undefined ? '' : spokenReason(override.reason),
    nextOpen: nextOpenSentence(nextOpen, inputs.options.timeZone),
  };
  return {
    result,
    list,
    answer,
    ...(override === undefined ? {} : { override }),
    ...(nextOpen === undefined ? {} : { nextOpen }),
  };
}
