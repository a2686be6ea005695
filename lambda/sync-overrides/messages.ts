/**
 * The override sync's e-mail (SNS): one per run at most, and only when a problem is new. Japanese, like every alert.
 */
import { addDays, civilTimeIn, clockLabel, daysBetween } from '../shared/civil-time';
import { MIN_OVERRIDE_DAYS_AHEAD, OVERRIDE_LIMIT, OverridePlan } from '../shared/closed-day-overrides';
import { LIVE_OVERRIDE_WORDS } from '../shared/live-connect-overrides';
import { dateLabel, Notice, subjectOf } from '../shared/notice';
import type { LiveIssue, ProblemKind } from './sync';
import type { Mismatch } from './verify';

/** At most this many dates are listed; the rest are counted. */
const MAX_LISTED = 100;

const SUBJECTS: Readonly<Record<ProblemKind, string>> = {
  mismatch: 'Connect の営業時間が休業日と一致しません',
  short: `休業日の上書きが ${MIN_OVERRIDE_DAYS_AHEAD} 日先まで届きません`,
  failed: 'Connect への休業日の同期に失敗しました',
  conflict: '休業日の上書きが名前または件数の上限で衝突しました',
  live: '臨時の休止・営業を Connect の営業時間に反映できません',
};

const MISMATCH_TEXT: Readonly<Record<Mismatch['kind'], string>> = {
  'open-on-closed-day': '休業日なのに Connect の営業時間が開いています (判定 Lambda が失敗すると担当者へ転送されます)',
  'closed-on-business-day': 'この製品の上書きが予定していない日に効いています (営業日に時間外の案内が流れます)',
  'open-during-live-closure': '臨時休止の時間なのに Connect の営業時間が開いています (判定 Lambda が失敗すると担当者へ転送されます)',
  'closed-during-live-opening': '臨時営業の時間なのに Connect の営業時間が閉じています (判定 Lambda が失敗すると時間外の案内が流れます)',
  'time-zone': '営業時間のタイムゾーンがサイトの設定と違うか、Connect が示しません (日付が一日ずれて判定されることがあります)',
  'not-read-back': 'Connect の応答にこの休業日がなく、閉じていることを確認できません',
};

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LISTED).map(line);
  if (items.length > MAX_LISTED) lines.push(`  …ほか ${items.length - MAX_LISTED} 件`);
  return lines;
}

function mismatchLine(mismatch: Mismatch): string {
  const when = mismatch.date === undefined ? '  全期間' : `  ${dateLabel(mismatch.date)}${mismatch.name === undefined ? '' : ` ${mismatch.name}`}`;
  return `${when}: ${MISMATCH_TEXT[mismatch.kind]} — Connect: ${mismatch.found}`;
}

function conflictLine(conflict: string): string {
  if (conflict.startsWith('limit')) return `  営業時間の上書きが上限の ${OVERRIDE_LIMIT} 件に達しています`;
  if (conflict.startsWith('copy ')) {
    return `  この製品の印を持つが名前と合わない上書き (コピーまたは名前の変更): ${conflict.slice('copy '.length)} — 変更も削除もしていません`;
  }
  return `  この製品のものではない上書きが同じ名前を使っています: ${conflict.slice('name '.length)}`;
}

/** What one report says. */
export interface SyncReportInput {
  readonly siteName: string;
  readonly timeZone: string;
  readonly now: Date;
  /** Undefined when Connect could not even be listed. */
  readonly plan: OverridePlan | undefined;
  /** The kinds no earlier e-mail covered (the subject names the first). */
  readonly fresh: readonly ProblemKind[];
  readonly mismatches: readonly Mismatch[];
  readonly failures: readonly { readonly operation: string; readonly error: string }[];
  readonly conflicts: readonly string[];
  /** Connect overrides the live overrides took before the closed days had theirs. @default 0 */
  readonly liveOverrides?: number;
  /** Live overrides that Connect's hours do not follow, and why. @default none */
  readonly liveIssues?: readonly LiveIssue[];
}

function liveIssueLine(issue: LiveIssue): string {
  if (issue.kind === 'document') {
    const what = issue.state === 'damaged' ? '壊れています' : '読めません';
    return `  臨時の休止・営業の文書が${what}: ${issue.problem} — Connect にある臨時の上書き ${issue.kept} 件はそのまま残し、変更も削除もしていません`;
  }
  const { override } = issue;
  return `  ${LIVE_OVERRIDE_WORDS[override.kind]} ${override.id} (${override.from}〜${override.until}「${override.reason}」): 営業時間の上書きの空き枠が足りません`;
}

/** The e-mail for a run with new problems: every current problem, what it means for callers, what to do. */
export function syncReport(input: SyncReportInput): Notice {
  const local = civilTimeIn(input.now, input.timeZone);
  const clock = clockLabel(local.hour * 60 + local.minute);
  const first = input.fresh[0] ?? 'failed';
  const lines = [`サイト: ${input.siteName}`, `日時: ${local.date} ${clock} (${input.timeZone})`];
  const { plan } = input;
  if (plan !== undefined) {
    lines.push(`同期の範囲: ${plan.today}〜${plan.through} (上書き ${plan.overrides.length} 件)`);
  }
  const liveIssues = input.liveIssues ?? [];
  if (liveIssues.length > 0) {
    lines.push(
      '',
      `■ 臨時の休止・営業 (live overrides) を Connect の営業時間に反映できません (${liveIssues.length} 件):`,
      ...listed(liveIssues, liveIssueLine),
      '影響: 判定 Lambda は自分の読めた内容で応答しますが、判定 Lambda が失敗したときの Connect の営業時間はこの変更を知りません。',
      '対処: 文書の問題なら CLI で一覧を確認し、直前の正しい版に戻してください (バケットはバージョン管理されています)。',
      '  空き枠の問題なら、不要な臨時の上書きを解除するか、同じ営業時間にある手作業の上書きを減らしてください。',
    );
  }
  if (input.mismatches.length > 0) {
    lines.push(
      '',
      `■ Connect の実際の営業時間 (GetEffectiveHoursOfOperations) が休業日の一覧と合いません (${input.mismatches.length} 件):`,
      ...listed(input.mismatches, mismatchLine),
      '対処: Connect の管理画面で、フローが確認する営業時間と上位の「休業日」営業時間の上書きを確認してください。',
      '  この製品の上書きを手で変更した場合は次回の同期で元に戻ります。上書きがあるのに効いていない場合は、',
      '  営業時間のリンク (親子関係) が外れていないか確認し、設定 hoursOverrides.placement を "business-hours" にすることも検討してください。',
    );
  }
  if (plan?.short === true) {
    const reason =
      plan.limit === 'slots'
        ? `上書きの空き枠 (1 つの営業時間につき ${OVERRIDE_LIMIT} 件まで) が足りません。${
            (input.liveOverrides ?? 0) > 0 ? `臨時の休止・営業が先に ${input.liveOverrides ?? 0} 件使っています (終われば戻ります)。` : ''
          }`
        : '祝日リストと内蔵の暦がこの先の日付を知りません。';
    lines.push(
      '',
      `■ 上書きは ${plan.through} まで (今日から ${Math.max(0, daysBetween(plan.today, plan.through))} 日) しか届かず、${MIN_OVERRIDE_DAYS_AHEAD} 日先 (${addDays(plan.today, MIN_OVERRIDE_DAYS_AHEAD)}) に足りません。`,
      `原因: ${reason}`,
      '影響: その先の休業日は、判定 Lambda が失敗したとき Connect の営業時間では営業日として扱われます。',
      '対処: 同じ営業時間にある手作業の上書きを減らすか、hoursOverrides.placement を "closed-days-resource" にしてください。',
    );
  }
  if (input.failures.length > 0) {
    lines.push(
      '',
      `■ Connect の呼び出しが再試行後も失敗しました (${input.failures.length} 件):`,
      ...listed(input.failures, (failure) => `  ${failure.operation}: ${failure.error}`),
      '影響: すでにある上書きはそのまま残っています。次の同期 (祝日リストの更新時・毎日・デプロイ時) で再試行します。',
      '対処: AccessDenied なら関数のロールを、Throttling が続くなら同じアカウントで Connect API を多用している処理を確認してください。',
    );
  }
  if (input.conflicts.length > 0) {
    lines.push(
      '',
      `■ 上書きの衝突 (${input.conflicts.length} 件):`,
      ...listed(input.conflicts, conflictLine),
      `対処: この製品のものではない上書きを整理してください (この製品の上書きは説明が [connect-after-hours:${input.siteName}: で始まり、名前ごとの印が続きます)。`,
    );
  }
  return { subject: subjectOf(`[${input.siteName}] ${SUBJECTS[first]}`), message: lines.join('\n') };
}
