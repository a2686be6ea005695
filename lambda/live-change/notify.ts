/**
 * The live override change notifier's core: for each write of the document S3 reports, read that exact version,
 * e-mail who did what, then start the override sync so Connect's own hours follow. No SDK here; everything is a
 * parameter, so tests drive it with a real local S3 and a recording alert channel.
 */
import type { S3Event } from 'aws-lambda';
import { liveChangeNotice } from '../shared/live-change-notice';
import { LiveOverridesFormatError, parseLiveOverrides } from '../shared/live-overrides';
import { Notice, subjectOf, type AlertChannel, type LogRecord } from '../shared/notice';
import { errorLine } from '../shared/errors';

/** What the notifier needs from the world. */
export interface LiveChangeDeps {
  /** The object's text at `versionId` (the current one when undefined), or undefined when it is gone. */
  readonly readObject: (key: string, versionId: string | undefined) => Promise<string | undefined>;
  readonly alerts: AlertChannel;
  /** Start the override sync (an asynchronous invoke); absent when the sync is turned off. */
  readonly startSync?: () => Promise<void>;
  readonly log: (record: LogRecord) => void;
  readonly now: () => Date;
}

/** The site and the one key that matters. */
export interface LiveChangeSettings {
  readonly siteName: string;
  readonly timeZone: string;
  readonly key: string;
}

/** What one invocation did. */
export interface LiveChangeOutcome {
  /** E-mails sent (one per write of the document). */
  readonly notified: number;
  /** Writes whose document could not be read as one: each e-mailed as damage. */
  readonly damaged: number;
  readonly syncStarted: boolean;
}

/** S3 writes the key URL-encoded with `+` for spaces in event records. */
function eventKey(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

function damageNotice(siteName: string, where: string, reason: string): Notice {
  return {
    subject: subjectOf(`[${siteName}] 臨時設定の文書が壊れています (通話は以前の内容で案内中)`),
    message:
      `${where} に書き込まれた臨時設定の文書を読めません: ${reason}\n\n` +
      '判定 Lambda はこの文書を使わず、以前に読めた内容のまま案内しています。\n' +
      'バケットの以前のバージョンに戻すか、CLI (close / open / clear) で書き直してください。\n',
  };
}

/**
 * Handle an S3 event: one e-mail per write of the document (the exact version written, so two quick writes are two
 * different e-mails), then one sync start. A failed e-mail throws (Lambda retries the event); a failed sync start is
 * logged only, because the daily sync catches up and a retry would send the e-mails again.
 */
export async function handleLiveChange(event: S3Event, deps: LiveChangeDeps, settings: LiveChangeSettings): Promise<LiveChangeOutcome> {
  let notified = 0;
  let damaged = 0;
  let relevant = false;
  for (const record of event.Records ?? []) {
    const key = eventKey(record.s3?.object?.key ?? '');
    if (key !== settings.key) continue;
    relevant = true;
    const versionId = record.s3.object.versionId;
    const where = `s3://${record.s3.bucket.name}/${key}${versionId === undefined ? '' : ` (version ${versionId})`}`;
    const writer = record.userIdentity?.principalId;
    const text = await deps.readObject(key, versionId);
    if (text === undefined) {
      deps.log({ level: 'warn', event: 'live-change-gone', where });
      continue;
    }
    let notice: Notice | undefined;
    try {
      const document = parseLiveOverrides(text);
      notice = liveChangeNotice({
        siteName: settings.siteName,
        timeZone: settings.timeZone,
        document,
        now: deps.now(),
        ...(writer === undefined ? {} : { writer }),
      });
      deps.log({ level: 'info', event: 'live-change', where, writer: writer ?? null, revision: document.revision, change: document.lastChange ?? null });
    } catch (error) {
      if (!(error instanceof LiveOverridesFormatError)) throw error;
      damaged += 1;
      notice = damageNotice(settings.siteName, where, error.message);
      deps.log({ level: 'error', event: 'live-change-damaged', where, writer: writer ?? null, reason: error.message });
    }
    if (notice !== undefined) {
      await deps.alerts.publish(notice.subject, notice.message);
      notified += 1;
    }
  }
  let syncStarted = false;
  if (relevant && deps.startSync !== undefined) {
    try {
      await deps.startSync();
      syncStarted = true;
    } catch (error) {
      deps.log({ level: 'error', event: 'sync-start-failed', error: errorLine(error) });
    }
  }
  return { notified, damaged, syncStarted };
}
