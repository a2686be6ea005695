/**
 * The fetcher's e-mails (SNS): one alert per failure, one report per change. Japanese, because the people who run
 * a Japanese phone line read them; every text lives here so another language is one more file, not a hunt.
 */
import { civilTimeIn, CivilDate, clockLabel } from '../shared/civil-time';
import type { HolidayDay, HolidayList } from '../shared/holiday-list';
import { dateLabel, Notice, subjectOf } from '../shared/notice';
import { secondSourceLabel } from '../shared/statutory-calendar';
import type { StatutoryDispute } from './calendar-check';
import type { CurrentList } from './refresh';

/** Where a refresh failed. */
export type FailureStage = 'fetch' | 'check' | 'cross-check' | 'removal' | 'read' | 'write' | 'unexpected';

/** At most this many days are listed per section of a report; the rest are counted. */
const MAX_LISTED_DAYS = 200;

const STAGE_SUBJECT: Readonly<Record<FailureStage, string>> = {
  fetch: '取得エラー',
  check: '内容の検査で不合格',
  'cross-check': '祝日が第二の情報源と不一致',
  removal: '休業日の消失',
  read: 'S3 読み取りエラー',
  write: 'S3 書き込みエラー',
  unexpected: '予期しないエラー',
};

const STAGE_CAUSE: Readonly<Record<FailureStage, string>> = {
  fetch: 'カレンダーを取得できませんでした。',
  check: '取得したカレンダーが検査に通りませんでした。',
  'cross-check': '取得したカレンダーの祝日が、第二の情報源と一致しないため、更新を見送りました。',
  removal: '新しいカレンダーでは、保存中のリストにある今後の休業日が消えるため、更新を見送りました。',
  read: 'S3 に保存中のリストを読み取れませんでした。',
  write: 'S3 への書き込みに失敗しました。',
  unexpected: '予期しないエラーが起きました。',
};

const STAGE_HINT: Readonly<Record<FailureStage, string>> = {
  fetch: '設定の holidays.calendarUrl を確認し、`npm run cli -- holidays <URL>` で取得できるか試してください。',
  check: '`npm run cli -- holidays <URL>` で同じ検査を実行し、理由を確認してください。',
  'cross-check':
    'カレンダー側の誤りなら対処は不要です (次回の取得で再確認します)。法改正などでカレンダーが正しい場合は、各日付を holidays.statutoryCorrections に登録して再デプロイしてください。',
  removal: '本当に営業日になった日であれば、その日付を holidays.allowRemoval に登録して再デプロイしてください。',
  read: 'バケットと関数のロールの権限を確認してください。',
  write: 'バケットと関数のロールの権限を確認してください。',
  unexpected: '関数のログ (CloudWatch Logs) を確認してください。',
};

const KIND_LABEL: Readonly<Record<HolidayDay['kind'], string>> = {
  holiday: '祝日',
  observance: '行事',
  closure: '会社休業',
};

function dayLine(day: HolidayDay): string {
  return `  ${dateLabel(day.date)} ${day.name} [${KIND_LABEL[day.kind]}・${day.closed ? '休業' : '営業'}]`;
}

function listed(days: readonly HolidayDay[]): string[] {
  const lines = days.slice(0, MAX_LISTED_DAYS).map(dayLine);
  if (days.length > MAX_LISTED_DAYS) lines.push(`  …ほか ${days.length - MAX_LISTED_DAYS} 件`);
  return lines;
}

function keptLine(current: CurrentList | undefined): string {
  if (current === undefined) return '保存中のリストの状態は確認できませんでした。S3 のオブジェクトは変更していません。';
  switch (current.state) {
    case 'ok':
      return `保存中のリスト (対象期間 ${current.list.coverage.from}〜${current.list.coverage.to}、${current.list.fetchedAt} 取得) をそのまま使い続けます。`;
    case 'corrupt':
      return `保存中のリストは読めない状態です (${current.problem})。変更していません。判定は設定された代替の応答になります。`;
    case 'none':
    default:
      return 'まだリストがありません (no list yet)。判定は設定された代替の応答になります。';
  }
}

function disputeLine(dispute: StatutoryDispute): string {
  return `  ${dateLabel(dispute.date)}: カレンダー=${dispute.feed} / 第二の情報源=${dispute.secondSource ?? '祝日ではない'}`;
}

function disputeLines(error: unknown): string[] {
  const disputes = (error as { disputes?: readonly StatutoryDispute[] } | undefined)?.disputes ?? [];
  if (disputes.length === 0) return [];
  const shown = disputes.slice(0, MAX_LISTED_DAYS).map(disputeLine);
  if (disputes.length > MAX_LISTED_DAYS) shown.push(`  …ほか ${disputes.length - MAX_LISTED_DAYS} 件`);
  return ['', `食い違い (${disputes.length} 日、第二の情報源: ${secondSourceLabel()}):`, ...shown];
}

function removalLines(error: unknown): string[] {
  const days = (error as { days?: readonly HolidayDay[] } | undefined)?.days ?? [];
  return days.length === 0 ? [] : ['', `消える休業日 (${days.length} 日):`, ...listed(days)];
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/gu, ' ');
}

/** The one alert a failed refresh sends: the cause, the detail, what was kept, what to do. */
export function failureAlert(input: {
  siteName: string;
  calendarUrl: string;
  stage: FailureStage;
  error: unknown;
  current: CurrentList | undefined;
  now: Date;
  timeZone: string;
}): Notice {
  const local = civilTimeIn(input.now, input.timeZone);
  const clock = clockLabel(local.hour * 60 + local.minute);
  return {
    subject: subjectOf(`[${input.siteName}] 祝日リストの更新に失敗: ${STAGE_SUBJECT[input.stage]}`),
    message: [
      `サイト: ${input.siteName}`,
      `日時: ${local.date} ${clock} (${input.timeZone})`,
      `カレンダー: ${input.calendarUrl}`,
      '',
      `原因: ${STAGE_CAUSE[input.stage]}`,
      `詳細: ${errorText(input.error)}`,
      ...(input.stage === 'cross-check' ? disputeLines(input.error) : []),
      ...(input.stage === 'removal' ? removalLines(input.error) : []),
      '',
      `保持: ${keptLine(input.current)}`,
      '',
      `対処: ${STAGE_HINT[input.stage]}`,
    ].join('\n'),
  };
}

/**
 * The report a successful write sends, or undefined when nobody needs one: only days before today changed (the feed
 * rolled past a year), so nothing callers will meet is different.
 */
export function changeReport(input: {
  siteName: string;
  previous: HolidayList | undefined;
  current: CurrentList;
  next: HolidayList;
  added: readonly HolidayDay[];
  removed: readonly HolidayDay[];
  today: CivilDate;
  notes: readonly string[];
}): Notice | undefined {
  const { previous, next, today, siteName } = input;
  const futureAdded = input.added.filter((day) => day.date >= today);
  const futureRemoved = input.removed.filter((day) => day.date >= today);
  const pastChanges = input.added.length + input.removed.length - futureAdded.length - futureRemoved.length;
  const range = `${next.coverage.from}〜${next.coverage.to}`;
  const lines = [`サイト: ${siteName}`, `カレンダー: ${next.sourceUrl}`];

  if (previous === undefined) {
    if (input.current.state === 'corrupt') {
      lines.push('', `保存されていたリストは読めない状態でした (${input.current.problem})。新しいリストで置き換えました。`);
    }
    const closedAhead = next.days.filter((day) => day.date >= today && day.closed);
    lines.push('', `対象期間: ${range}`, `今日 (${today}) 以降の休業日 (${closedAhead.length} 日):`, ...listed(closedAhead));
    if (input.notes.length > 0) lines.push('', '注記:', ...input.notes.map((note) => `  ${note}`));
    return { subject: subjectOf(`[${siteName}] 祝日リストを作成しました (${range})`), message: lines.join('\n') };
  }

  const sourceChanged = previous.sourceUrl !== next.sourceUrl;
  const zoneChanged = previous.timeZone !== next.timeZone;
  if (futureAdded.length === 0 && futureRemoved.length === 0 && !sourceChanged && !zoneChanged) return undefined;

  if (sourceChanged) lines.push(`カレンダーの URL が変わりました (以前: ${previous.sourceUrl})`);
  if (zoneChanged) lines.push(`タイムゾーンが変わりました: ${previous.timeZone} → ${next.timeZone}`);
  lines.push('', `対象期間: ${range} (以前: ${previous.coverage.from}〜${previous.coverage.to})`, '');
  lines.push(`今日 (${today}) 以降の変更:`);
  lines.push(`追加 (${futureAdded.length} 件):`, ...(futureAdded.length > 0 ? listed(futureAdded) : ['  なし']));
  lines.push(`削除 (${futureRemoved.length} 件):`, ...(futureRemoved.length > 0 ? listed(futureRemoved) : ['  なし']));
  if (pastChanges > 0) lines.push('', `今日より前の日付の変更 ${pastChanges} 件は省略しました。`);
  if (input.notes.length > 0) lines.push('', '注記:', ...input.notes.map((note) => `  ${note}`));
  return {
    subject: subjectOf(`[${siteName}] 祝日リストを更新しました (追加 ${futureAdded.length} 件・削除 ${futureRemoved.length} 件)`),
    message: lines.join('\n'),
  };
}
