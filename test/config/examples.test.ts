import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadSiteConfigWithWarnings } from '../../lib/config/load';

const CONFIG_DIR = path.join(__dirname, '..', '..', 'config');
const examples = readdirSync(CONFIG_DIR).filter((name) => name.endsWith('.json') && name !== 'site-config.schema.json');

describe('the bundled example configurations', () => {
  test('there are two: the plain line and the one with a menu and a queue', () => {
    expect(examples.sort()).toEqual(['example.json', 'menu-and-queue.example.json']);
  });

  test.each(examples.map((name) => [name]))('%s is valid and draws no warning', (name) => {
    const { warnings } = loadSiteConfigWithWarnings(path.join(CONFIG_DIR, name));
    expect(warnings).toEqual([]);
  });

  test('the default example stays menu-less and transfers to an external number', () => {
    const { config } = loadSiteConfigWithWarnings(path.join(CONFIG_DIR, 'example.json'));
    expect(config.menu).toBeUndefined();
    expect(config.routing).toBeUndefined();
    expect(config.staffNumber).toBe('+815098765432');
  });

  test('the menu-and-queue example has both, and no external number', () => {
    const { config } = loadSiteConfigWithWarnings(path.join(CONFIG_DIR, 'menu-and-queue.example.json'));
    expect(Object.keys(config.menu?.options ?? {})).toEqual(['1', '2']);
    expect(config.routing?.queue?.name).toBe('support');
    expect(config.staffNumber).toBeUndefined();
  });
});
