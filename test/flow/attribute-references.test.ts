import {
  bracketFormOf,
  fillAttributeReferences,
  findAttributeReferences,
  singleAttributeReference,
  spliceDelimitedReference,
} from '../../lib/flow/attribute-references';
import { announcementForFlow, HOLIDAY_NAME_PATH } from '../../lib/flow/render';
import { exampleConfig } from './flow-fixtures';

type Found = [text: string, path: string[], form: 'dot' | 'bracket', ambiguity: string | undefined];

const found = (text: string): Found[] =>
  findAttributeReferences(text).map((reference) => [reference.text, [...reference.path], reference.form, reference.ambiguity]);

describe('findAttributeReferences', () => {
  test.each<[string, string, Found[]]>([
    ['the whole text', '$.External.holidayName', [['$.External.holidayName', ['External', 'holidayName'], 'dot', undefined]]],
    ['spaces on both sides', '本日は $.External.holidayName のため', [['$.External.holidayName', ['External', 'holidayName'], 'dot', undefined]]],
    ['tab and newline', '\t$.External.holidayName\n', [['$.External.holidayName', ['External', 'holidayName'], 'dot', undefined]]],
    [
      'glued on both sides (issue 8)',
      '本日は$.External.holidayNameのため',
      [['$.External.holidayName', ['External', 'holidayName'], 'dot', 'glued to "は" before it and "の" after it']],
    ],
    [
      'an ideographic space is not ASCII whitespace',
      '本日は\u3000$.External.holidayName のため',
      [['$.External.holidayName', ['External', 'holidayName'], 'dot', 'glued to "\u3000" before it']],
    ],
    [
      'a character outside the BMP is named whole',
      '🎌$.External.holidayName',
      [['$.External.holidayName', ['External', 'holidayName'], 'dot', 'glued to "🎌" before it']],
    ],
    [
      'the documented bracket form',
      "担当は$.Attributes.['team name']です",
      [["$.Attributes.['team name']", ['Attributes', 'team name'], 'bracket', undefined]],
    ],
    [
      'the root bracket form',
      "本日は$['External']['holidayName']のため",
      [["$['External']['holidayName']", ['External', 'holidayName'], 'bracket', undefined]],
    ],
    [
      'a dotted name after a bracket ends in the dot form',
      "x $.Attributes.['a b'].c y",
      [["$.Attributes.['a b'].c", ['Attributes', 'a b', 'c'], 'dot', undefined]],
    ],
    [
      'a bracket form followed by "." would go on',
      "$['External'].holidayName",
      [["$['External']", ['External'], 'bracket', 'followed by ".", which would continue the path']],
    ],
    [
      'an undocumented bracket without its dot ends the path before it',
      "$.External['holidayName']",
      [['$.External', ['External'], 'dot', 'glued to "[" after it']],
    ],
    [
      'an unclosed bracket ends the path before it',
      "$.External.['holidayName",
      [['$.External', ['External'], 'dot', 'glued to "." after it']],
    ],
    [
      'two references',
      '$.External.holidayName と $.Attributes.team',
      [
        ['$.External.holidayName', ['External', 'holidayName'], 'dot', undefined],
        ['$.Attributes.team', ['Attributes', 'team'], 'dot', undefined],
      ],
    ],
    ['no reference: $ before other text', 'US$100, $5, ${Token[TOKEN.1]}, function:checker:$LATEST, $.5, $', []],
  ])('%s: %j', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  test('gives where each reference is in the text', () => {
    const text = '本日は $.External.holidayName のため';
    const [reference] = findAttributeReferences(text);
    expect(reference).toMatchObject({ start: 4, end: 4 + HOLIDAY_NAME_PATH.length, unambiguous: true });
    expect(text.slice(reference?.start, reference?.end)).toBe(HOLIDAY_NAME_PATH);
  });
});

describe('singleAttributeReference', () => {
  test.each([
    ['$.External.isHoliday', ['External', 'isHoliday']],
    ["$['External']['isHoliday']", ['External', 'isHoliday']],
    [' $.External.isHoliday', undefined],
    ['$.External.isHoliday と $.External.dataStatus', undefined],
    ['true', undefined],
  ])('%j', (value, path) => {
    expect(singleAttributeReference(value)?.path).toEqual(path);
  });
});

describe('fillAttributeReferences', () => {
  test('replaces the unambiguous references and leaves the glued ones as written', () => {
    const text = "本日は $.External.holidayName のため、$['External']['closedReason']です。$.External.dataStatusでした";
    expect(fillAttributeReferences(text, (reference) => `<${reference.path.join('/')}>`)).toBe(
      '本日は <External/holidayName> のため、<External/closedReason>です。$.External.dataStatusでした',
    );
  });
});

describe('spliceDelimitedReference', () => {
  test.each([
    ['本日は{holidayName}のため', '本日は $.External.holidayName のため'],
    ['{holidayName}のため', '$.External.holidayName のため'],
    ['本日は{holidayName}', '本日は $.External.holidayName'],
    ['本日は {holidayName}\tのため', '本日は $.External.holidayName\tのため'],
    ['{holidayName}{holidayName}', '$.External.holidayName $.External.holidayName'],
    ['名前なし', '名前なし'],
  ])('%j → %j', (text, expected) => {
    const spliced = spliceDelimitedReference(text, '{holidayName}', HOLIDAY_NAME_PATH);
    expect(spliced).toBe(expected);
    expect(findAttributeReferences(spliced).filter((reference) => !reference.unambiguous)).toEqual([]);
  });
});

describe('bracketFormOf', () => {
  test.each([
    [['External', 'holidayName'], "$.External.['holidayName']"],
    [['Attributes', 'a', 'b'], "$.Attributes.a.['b']"],
    [['AwsRegion'], "$['AwsRegion']"],
  ])('%j → %s', (path, expected) => {
    expect(bracketFormOf(path)).toBe(expected);
    expect(singleAttributeReference(expected)?.path).toEqual(path);
  });
});

describe('announcementForFlow', () => {
  test('puts the holiday name between ASCII spaces and the hours in words', () => {
    const spoken = announcementForFlow(exampleConfig.announcements.holiday, exampleConfig);
    expect(spoken).toContain('本日は $.External.holidayName のため');
    expect(spoken).toContain('おります。 $.External.nextOpen 受付時間は');
    expect(spoken).toContain('月曜日から金曜日の9時から18時');
    expect(spoken).not.toMatch(/[{}]/);
    expect(findAttributeReferences(spoken).map((reference) => reference.unambiguous)).toEqual([true, true]);
  });

  test('puts a live closure\'s reason and the next opening between ASCII spaces', () => {
    const spoken = announcementForFlow(exampleConfig.announcements.emergency, exampleConfig);
    expect(spoken).toContain('ございませんが、 $.External.liveReason のため');
    expect(spoken).toContain('おります。 $.External.nextOpen ご迷惑を');
    expect(findAttributeReferences(spoken).map((reference) => reference.unambiguous)).toEqual([true, true]);
  });

  test('adds no space where the text already has one or ends', () => {
    expect(announcementForFlow('本日は {holidayName}', exampleConfig)).toBe('本日は $.External.holidayName');
  });
});
