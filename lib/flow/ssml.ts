/**
 * What a caller hears of an SSML prompt: the text between the tags, with XML's character references read as the
 * characters they stand for. The validator bills these characters, the simulator and the diagram show them, and the
 * renderer writes text into SSML with {@link ssmlEscape}: one reading for all of them.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The spoken characters of `ssml`: tags removed, `&amp;` `&lt;` `&#12354;`… decoded, whitespace kept as written. */
export function ssmlText(ssml: string): string {
  return ssml
    .replace(/<[^>]*>/gu, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (reference, body: string) => {
      if (body.startsWith('#')) {
        const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
        return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : reference;
      }
      return NAMED_ENTITIES[body.toLowerCase()] ?? reference;
    });
}

/** `text` as SSML content: the three characters XML reserves written as references ({@link ssmlText} reads them back). */
export function ssmlEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
