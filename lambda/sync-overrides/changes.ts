/**
 * What must change in Connect for its overrides to equal the plan: the smallest set of calls, none when nothing
 * changed. Pure.
 */
import type { HoursOfOperationEntry, OverrideType } from '../shared/connect-hours';
import type { PlannedOverride } from '../shared/closed-day-overrides';

/** An override as Connect lists it (ListHoursOfOperationOverrides), in this project's words. */
export interface ExistingOverride {
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
  /** Undefined when Connect does not say (an override created before types existed). */
  readonly type: OverrideType | undefined;
  readonly from: string;
  readonly till: string;
  readonly config: readonly HoursOfOperationEntry[];
  /** True when it has a recurrence rule (ours never do). */
  readonly recurring: boolean;
}

/** One call to make. */
export type OverrideChange =
  | { readonly action: 'create'; readonly override: PlannedOverride }
  | { readonly action: 'update'; readonly id: string; readonly previous: ExistingOverride; readonly override: PlannedOverride }
  | { readonly action: 'delete'; readonly id: string; readonly previous: ExistingOverride };

/** The calls, in the order to make them, and how many owned overrides already match. */
export interface ChangeSet {
  /** Deletes first (they free names and slots), then updates, then creates. */
  readonly changes: readonly OverrideChange[];
  readonly unchanged: number;
}

function configKey(config: readonly HoursOfOperationEntry[]): string {
  return config
    .map((entry) => `${entry.day} ${entry.startTime.hours}:${entry.startTime.minutes}-${entry.endTime.hours}:${entry.endTime.minutes}`)
    .sort()
    .join(',');
}

/** True when Connect already holds exactly `wanted` in `existing`. */
export function matches(existing: ExistingOverride, wanted: PlannedOverride): boolean {
  return (
    existing.name === wanted.name &&
    existing.description === wanted.description &&
    // An override listed without a type is taken as it is [unverified whether Connect always echoes it]: the
    // read-back, not the listing, says whether it closes the day.
    (existing.type === wanted.type || existing.type === undefined) &&
    existing.from === wanted.from &&
    existing.till === wanted.till &&
    !existing.recurring &&
    configKey(existing.config) === configKey(wanted.config)
  );
}

const overlaps = (a: { from: string; till: string }, b: { from: string; till: string }): boolean => a.from <= b.till && b.from <= a.till;

/**
 * The changes that turn `owned` (this site's overrides in Connect) into `wanted`. An owned override with a wanted
 * name is kept or updated in place; a leftover owned override whose dates overlap a leftover wanted one is updated
 * into it (a moved holiday, a longer closure: one call, no moment without an override, no extra slot); the rest are
 * deleted or created. One that has gained a recurrence rule is deleted and created again.
 */
export function changesFor(owned: readonly ExistingOverride[], wanted: readonly PlannedOverride[]): ChangeSet {
  const byName = new Map<string, ExistingOverride>();
  const duplicates: ExistingOverride[] = [];
  for (const existing of owned) {
    // Connect refuses two overrides of one name on a resource; should it ever hold two, keep one and delete the rest.
    if (byName.has(existing.name)) duplicates.push(existing);
    else byName.set(existing.name, existing);
  }
  const updates: OverrideChange[] = [];
  const creates: PlannedOverride[] = [];
  // An update cannot take a recurrence rule away [unverified]: one that gained one (a console edit) is replaced.
  const replaced: ExistingOverride[] = [];
  let unchanged = 0;
  const leftoverWanted: PlannedOverride[] = [];
  for (const override of wanted) {
    const existing = byName.get(override.name);
    if (existing === undefined) {
      leftoverWanted.push(override);
      continue;
    }
    byName.delete(override.name);
    if (matches(existing, override)) unchanged += 1;
    else if (existing.recurring) {
      replaced.push(existing);
      creates.push(override);
    } else updates.push({ action: 'update', id: existing.id, previous: existing, override });
  }
  const leftoverOwned = [...byName.values()].sort((a, b) => a.from.localeCompare(b.from));
  for (const override of leftoverWanted) {
    const index = leftoverOwned.findIndex((existing) => overlaps(existing, override));
    if (index === -1) {
      creates.push(override);
      continue;
    }
    const [existing] = leftoverOwned.splice(index, 1) as [ExistingOverride];
    if (existing.recurring) {
      replaced.push(existing);
      creates.push(override);
    } else updates.push({ action: 'update', id: existing.id, previous: existing, override });
  }
  const deletes: OverrideChange[] = [...duplicates, ...replaced, ...leftoverOwned].map((previous) => ({ action: 'delete', id: previous.id, previous }));
  return {
    changes: [...deletes, ...updates, ...creates.map((override): OverrideChange => ({ action: 'create', override }))],
    unchanged,
  };
}
