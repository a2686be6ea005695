/**
 * The e-mail each live override change sends: who did what, and what is pending now. The change notifier Lambda sends
 * it for every write to the document; the CLI prints the same text for a local store, where nothing is sent.
 */
import { LiveOverride, LiveOverrideDocument, pendingOverrides } from './live-overrides';
import { instantLabel, Notice, subjectOf } from './notice';

const KIND_JA = { close: '臨時休止', open: '臨時受付' } as const;
const ACTION_JA = { close: '臨時休止を登録', open: '臨時受付を登録', clear: '取り消し' } as const;

/** One override as a line: `o-1a2b 臨時休止 2026-12-01 (火) 10:00 → 2026-12-01 (火) 15:00「台風の接近」`. */
export function overrideLine(override: LiveOverride, timeZone: string): string {
  const span = `${instantLabel(new Date(override.from), timeZone)} → ${instantLabel(new Date(override.until), timeZone)}`;
  const cleared = override.cleared === undefined ? '' : ` (取り消し: ${override.cleared.by}, ${instantLabel(new Date(override.cleared.at), timeZone)})`;
  return `${override.id} ${KIND_JA[override.kind]} ${span}「${override.reason}」${cleared}`;
}

/** What the notice needs. */
export interface LiveChangeInput {
  readonly siteName: string;
  readonly timeZone: string;
  /** The document as written by the change. */
  readonly document: LiveOverrideDocument;
  /** The writer S3 reports for the write (the event's principal), when known: the authority on who wrote. */
  readonly writer?: string;
  /** When the notice is made (for "pending now"). */
  readonly now: Date;
}

/** The notice for the document's last change, or undefined for a document nobody changed (revision 0). */
export function liveChangeNotice(input: LiveChangeInput): Notice | undefined {
  const { document, timeZone } = input;
  const change = document.lastChange;
  if (change === undefined) return undefined;
  const override = document.overrides.find((candidate) => candidate.id === change.id);
  if (override === undefined) return undefined;
  const who = change.by;
  const subject = subjectOf(
    `[${input.siteName}] ${ACTION_JA[change.action]}: ${instantLabel(new Date(override.from), timeZone).slice(5)}〜 ${override.reason} (${who.split('/').pop() ?? who})`,
  );
  const pending = pendingOverrides(document.overrides, input.now);
  const lines = [
    `${who} が ${instantLabel(new Date(change.at), timeZone)} に電話受付の臨時設定を${change.action === 'clear' ? '取り消しました' : '登録しました'}。`,
    '',
    `  ${overrideLine(override, timeZone)}`,
    '',
    change.action === 'close'
      ? 'この間の着信には、理由を含む臨時休止の案内が流れ、通話は終了します。'
      : change.action === 'open'
        ? 'この間の着信は、休業日や受付時間外でも担当者へ転送されます。'
        : 'この設定は取り消され、通常の案内に戻ります。',
    '通話への反映は 1 分以内です。',
    ...(input.writer === undefined ? [] : [`S3 が記録した書き込み元: ${input.writer}`]),
    '',
    `現在有効・予定の臨時設定 (${pending.length} 件、改訂 ${document.revision}):`,
    ...(pending.length === 0 ? ['  なし'] : pending.map((pendingOverride) => `  ${overrideLine(pendingOverride, timeZone)}`)),
    '',
    change.action === 'clear' ? '' : `取り消すには: npm run -s cli -- clear ${override.id} --config <サイト設定>`,
  ];
  return { subject, message: `${lines.join('\n').trimEnd()}\n` };
}
