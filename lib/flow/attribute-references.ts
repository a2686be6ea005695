/**
 * Attribute references (`$.External.holidayName`) inside flow text: where each one is, which attribute it names,
 * and whether Connect can tell where it ends.
 *
 * Connect fills in a JSONPath written inside a "dynamic" value ("My name is $.Name" [1]), but no page says where a
 * path ends when text follows it without a break, and Japanese has no spaces between words: in
 * `本日は$.External.holidayNameのため` the name may be dropped or read out literally. So a reference counts only when
 * its extent cannot be misread:
 *
 * - dot form (`$.External.holidayName`): ASCII whitespace or the start/end of the text on both sides;
 * - bracket form, whose last segment is `['name']`: `$.Attributes.['user attribute name']`, documented for names with
 *   special characters [2], or the root form `$['External']['holidayName']` [3], which the Play prompt page
 *   concatenates straight into an S3 path (`…/$['Attributes']['Language']/…`) [4]. The closing `']` ends the
 *   path, so any text may touch it except `.` or `[`, which would continue it.
 *
 * The validator rejects every other reference and the simulator fills in exactly the accepted ones, so the two
 * cannot disagree about what a caller hears.
 *
 * [1] Parameter restrictions for actions in the flow language ("A value of "My name is $.Name" is fine here"),
 *     awsdocs/amazon-connect-admin-guide doc_source/flow-language-actions-parameter-restrictions.md
 * [2] "How to reference contact attributes in Amazon Connect": "To reference attributes that contain special
 *     characters in their name, such as spaces, place brackets and single quotations around the attribute name.
 *     For example: $.Attributes.['user attribute name']."
 *     https://docs.aws.amazon.com/connect/latest/adminguide/how-to-reference-attributes.html
 * [3] "List of available contact attributes … and their JSONPath references": `$.AwsRegion or $['AwsRegion']`,
 *     https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html
 * [4] "Flow block: Play prompt", https://docs.aws.amazon.com/connect/latest/adminguide/play.html
 */

/** How a reference is written. */
export type ReferenceForm =
  /** Its last segment is a dotted name: `$.External.holidayName`. */
  | 'dot'
  /** Its last segment is bracketed: `$.External.['holidayName']`, `$['External']['holidayName']`. */
  | 'bracket';

/** One attribute reference found in a text. */
export interface AttributeReference {
  /** The reference as written. */
  readonly text: string;
  /** Index of its `$` in the text (UTF-16 code units). */
  readonly start: number;
  /** Index just past its last character. */
  readonly end: number;
  /** The attribute path, one entry per segment, whichever form: `['External', 'holidayName']`. */
  readonly path: readonly string[];
  /** How its end is marked. */
  readonly form: ReferenceForm;
  /** Connect can tell where it begins and ends (see the module comment). */
  readonly unambiguous: boolean;
  /** Why it is ambiguous, e.g. `glued to "は" before it`; absent when it is not. */
  readonly ambiguity?: string;
}

// A dot-form reference starts `$.` and a letter; the root bracket form starts `$['`. Anything else after a `$`
// (`$LATEST` in a Lambda alias, `${Token[...]}`, `$1000`) is text.
const ROOT_DOT_NAME = /\.([A-Za-z][A-Za-z0-9_-]*)/y;
const DOT_NAME = /\.([A-Za-z0-9_-]+)/y;
// The documented bracket segments: `.['name']` after a dotted root, `['name']` after the root `$`.
const DOT_BRACKET = /\.\['([^'\r\n]+)'\]/y;
const BRACKET = /\['([^'\r\n]+)'\]/y;

/** The whitespace that delimits a dot-form reference: ASCII space, tab, line feed, form feed, carriage return. */
export function isAsciiWhitespace(character: string | undefined): boolean {
  return character !== undefined && /^[\t\n\f\r ]$/.test(character);
}

function matchAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

/** The whole character (code point) before `index`, or undefined at the start. */
function characterBefore(text: string, index: number): string | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
  return text.slice(isLowSurrogate && index >= 2 ? index - 2 : index - 1, index);
}

/** The whole character (code point) at `index`, or undefined at the end. */
function characterAt(text: string, index: number): string | undefined {
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}

/** The segments of the reference whose `$` is at `start`, and where it ends; undefined when none starts there. */
function parseAt(text: string, start: number): { path: string[]; end: number; form: ReferenceForm } | undefined {
  const path: string[] = [];
  let index = start + 1;
  let form: ReferenceForm = 'dot';
  const root = matchAt(ROOT_DOT_NAME, text, index);
  if (root !== null) {
    path.push(root[1] as string);
    index += root[0].length;
    for (;;) {
      const bracket = matchAt(DOT_BRACKET, text, index);
      const name = bracket === null ? matchAt(DOT_NAME, text, index) : null;
      const segment = bracket ?? name;
      if (segment === null) break;
      path.push(segment[1] as string);
      index += segment[0].length;
      form = bracket === null ? 'dot' : 'bracket';
    }
    return { path, end: index, form };
  }
  for (let segment = matchAt(BRACKET, text, index); segment !== null; segment = matchAt(BRACKET, text, index)) {
    path.push(segment[1] as string);
    index += segment[0].length;
  }
  return path.length === 0 ? undefined : { path, end: index, form: 'bracket' };
}

function ambiguityOf(text: string, start: number, end: number, form: ReferenceForm): string | undefined {
  const after = characterAt(text, end);
  if (form === 'bracket') {
    return after === '.' || after === '[' ? `followed by "${after}", which would continue the path` : undefined;
  }
  const before = characterBefore(text, start);
  const gluedBefore = before !== undefined && !isAsciiWhitespace(before);
  const gluedAfter = after !== undefined && !isAsciiWhitespace(after);
  if (gluedBefore && gluedAfter) return `glued to "${before}" before it and "${after}" after it`;
  if (gluedBefore) return `glued to "${before}" before it`;
  if (gluedAfter) return `glued to "${after}" after it`;
  return undefined;
}

/** Every attribute reference in `text`, in order, each with its path and whether Connect can tell where it ends. */
export function findAttributeReferences(text: string): AttributeReference[] {
  const found: AttributeReference[] = [];
  for (let start = text.indexOf('$'); start !== -1; ) {
    const parsed = parseAt(text, start);
    if (parsed === undefined) {
      start = text.indexOf('$', start + 1);
      continue;
    }
    const ambiguity = ambiguityOf(text, start, parsed.end, parsed.form);
    const reference = {
      text: text.slice(start, parsed.end),
      start,
      end: parsed.end,
      path: parsed.path,
      form: parsed.form,
      unambiguous: ambiguity === undefined,
    };
    found.push(ambiguity === undefined ? reference : { ...reference, ambiguity });
    start = text.indexOf('$', parsed.end);
  }
  return found;
}

/** The reference when `value` is exactly one reference and nothing else (a Compare's ComparisonValue), else undefined. */
export function singleAttributeReference(value: string): AttributeReference | undefined {
  const [first, ...rest] = findAttributeReferences(value);
  return first !== undefined && rest.length === 0 && first.start === 0 && first.end === value.length ? first : undefined;
}

/**
 * `text` with every unambiguous reference replaced by `replacement(reference)`. Ambiguous references stay as
 * written: nothing promises Connect fills them in, so the simulator lets the caller hear them literally.
 */
export function fillAttributeReferences(text: string, replacement: (reference: AttributeReference) => string): string {
  let filled = '';
  let copiedUpTo = 0;
  for (const reference of findAttributeReferences(text)) {
    if (!reference.unambiguous) continue;
    filled += text.slice(copiedUpTo, reference.start) + replacement(reference);
    copiedUpTo = reference.end;
  }
  return filled + text.slice(copiedUpTo);
}

/** A path written in the dot form with its last segment bracketed: `$.External.['holidayName']`. */
export function bracketFormOf(path: readonly string[]): string {
  const last = path[path.length - 1] ?? '';
  return path.length <= 1 ? `$['${last}']` : `$.${path.slice(0, -1).join('.')}.['${last}']`;
}

/**
 * `text` with each `placeholder` replaced by `reference`, adding an ASCII space on each side of it that does not
 * already have whitespace or the edge of the text, so the reference is delimited (`本日は{holidayName}のため` →
 * `本日は $.External.holidayName のため`).
 */
export function spliceDelimitedReference(text: string, placeholder: string, reference: string): string {
  const parts = text.split(placeholder);
  let spliced = parts[0] ?? '';
  parts.slice(1).forEach((after, index) => {
    const isLast = index === parts.length - 2;
    const spaceBefore = spliced === '' || isAsciiWhitespace(spliced[spliced.length - 1]) ? '' : ' ';
    const spaceAfter = (after === '' && isLast) || isAsciiWhitespace(after[0]) ? '' : ' ';
    spliced += `${spaceBefore}${reference}${spaceAfter}${after}`;
  });
  return spliced;
}
