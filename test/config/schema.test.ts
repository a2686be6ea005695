import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { siteConfigSchemaText } from '../../lib/cli/schema';
import { siteConfigSchema } from '../../lib/config/schema';

const root = path.join(__dirname, '..', '..');

describe('one schema: the type, the validator and the editors\' JSON Schema', () => {
  test('config/site-config.schema.json is the schema derived today (regenerate with `npm run -s cli -- schema`)', () => {
    expect(readFileSync(path.join(root, 'config', 'site-config.schema.json'), 'utf8')).toBe(siteConfigSchemaText());
  });

  test('the example configuration names it, so editors complete and underline', () => {
    const example = JSON.parse(readFileSync(path.join(root, 'config', 'example.json'), 'utf8')) as Record<string, unknown>;
    expect(example.$schema).toBe('./site-config.schema.json');
  });

  test('every field of the schema is in the JSON Schema, refusing unknown fields like the validator', () => {
    const jsonSchema = JSON.parse(siteConfigSchemaText()) as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(jsonSchema.properties).sort()).toEqual(Object.keys(siteConfigSchema.shape).sort());
    expect(jsonSchema.additionalProperties).toBe(false);
  });
});
