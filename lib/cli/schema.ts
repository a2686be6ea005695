/**
 * `cli schema`: print the JSON Schema of the site configuration, derived from the one schema in
 * `lib/config/schema.ts`. `config/site-config.schema.json` is this output (a test keeps them equal), and
 * `config/example.json` names it with `"$schema"` so editors complete fields and underline mistakes.
 */
import type { Command } from 'commander';
import { siteConfigJsonSchema } from '../config/schema';

/** The schema file's text: pretty-printed JSON with a final newline. */
export function siteConfigSchemaText(): string {
  return `${JSON.stringify(siteConfigJsonSchema(), null, 2)}\n`;
}

/** Add `schema` to the CLI. */
export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the site configuration (config/site-config.schema.json)')
    .action(() => {
      process.stdout.write(siteConfigSchemaText());
    });
}
