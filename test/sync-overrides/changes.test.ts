import { planOverrides } from '../../lambda/shared/closed-day-overrides';
import { wholeDayConfig } from '../../lambda/shared/connect-hours';
import type { ClosedDayOverride } from '../../lambda/shared/closed-day-overrides';
import { changesFor, ExistingOverride } from '../../lambda/sync-overrides/changes';

const wanted: readonly ClosedDayOverride[] = planOverrides({
  index: undefined,
  builtin: { closures: [{ from: '12-29', to: '01-03', reason: '年末年始' }], statutoryCorrections: [] },
  timeZone: 'Asia/Tokyo',
  now: new Date('2026-11-21T01:00:00Z'),
  slots: 4,
  siteName: 'site',
}).overrides;

let ids = 0;
const existing = (override: ClosedDayOverride, change: Partial<ExistingOverride> = {}): ExistingOverride => ({
  id: `id-${(ids += 1)}`,
  name: override.name,
  description: override.description,
  type: override.type,
  from: override.from,
  till: override.till,
  config: [...override.config].reverse(),
  recurring: false,
  ...change,
});

const summary = (owned: ExistingOverride[]) =>
  changesFor(owned, wanted).changes.map((change) => `${change.action} ${change.action === 'delete' ? change.previous.name : change.override.name}`);

describe('changesFor', () => {
  test('nothing to do when Connect holds the plan (config order does not matter)', () => {
    expect(changesFor(wanted.map((override) => existing(override)), wanted)).toEqual({ changes: [], unchanged: 4 });
  });

  test('a fresh resource: every override created', () => {
    expect(summary([])).toEqual(wanted.map((override) => `create ${override.name}`));
  });

  test('a changed description or type under the same name: updated in place', () => {
    const owned = wanted.map((override, index) => existing(override, index === 0 ? { type: 'OPEN' } : index === 1 ? { description: 'edited' } : {}));
    expect(summary(owned)).toEqual([`update ${wanted[0]!.name}`, `update ${wanted[1]!.name}`]);
  });

  test('a renamed span whose dates overlap the old one: one update, not a delete and a create', () => {
    const old = existing(wanted[1]!, { name: '2026-12-29〜2027-01-02 年末年始・元日', till: '2027-01-02' });
    expect(summary([existing(wanted[0]!), old, existing(wanted[2]!), existing(wanted[3]!)])).toEqual([`update ${wanted[1]!.name}`]);
  });

  test('owned overrides no longer wanted are deleted first, before anything is created', () => {
    const stale = existing(wanted[0]!, { name: '2026-11-03 文化の日', from: '2026-11-03', till: '2026-11-03' });
    expect(summary([stale, existing(wanted[1]!), existing(wanted[2]!)])).toEqual(['delete 2026-11-03 文化の日', `create ${wanted[0]!.name}`, `create ${wanted[3]!.name}`]);
  });

  test('two owned overrides with one name (never made by us): one kept, the other deleted', () => {
    const first = existing(wanted[0]!);
    const second = existing(wanted[0]!);
    const { changes } = changesFor([first, second, ...wanted.slice(1).map((override) => existing(override))], wanted);
    expect(changes).toEqual([{ action: 'delete', id: second.id, previous: second }]);
  });

  test('an override that gained a recurrence rule is deleted and created again (an update cannot remove it)', () => {
    const recurring = existing(wanted[2]!, { recurring: true });
    expect(summary([existing(wanted[0]!), existing(wanted[1]!), recurring, existing(wanted[3]!)])).toEqual([`delete ${wanted[2]!.name}`, `create ${wanted[2]!.name}`]);
  });

  test('a config with a missing weekday is not the plan', () => {
    const partial = existing(wanted[0]!, { config: wholeDayConfig().slice(1) });
    expect(summary([partial, ...wanted.slice(1).map((override) => existing(override))])).toEqual([`update ${wanted[0]!.name}`]);
  });
});
