/**
 * The ops command line: the same code as the Lambdas and the deployed flow, run on your machine.
 *
 *   npm run -s cli -- holidays <file-or-url> [--config <file>] [--json]
 *   npm run -s cli -- simulate --at <instant> --calendar <file-or-url> [--config <file>] [--json]
 *   npm run -s cli -- simulate --week <YYYY-MM-DD> --calendar <file-or-url>
 *   npm run -s cli -- overrides --calendar <file-or-url> [--config <file>] [--at <instant>] [--json]
 *   npm run -s cli -- close --from <instant> --until <instant> --reason <text> [--config <file> | --store <file>]
 *   npm run -s cli -- open  --from <instant> --until <instant> --reason <text> [...]
 *   npm run -s cli -- overrides-list [--all] [...]      clear <id> [...]      status [--at <instant>] [...]
 *   npm run -s cli -- diagram
 *   npm run -s cli -- schema > config/site-config.schema.json
 */
import { Command } from 'commander';
import { registerDiagramCommand } from '../lib/cli/diagram';
import { registerHolidaysCommand } from '../lib/cli/holidays';
import { registerLiveCommands } from '../lib/cli/live';
import { registerOverridesCommand } from '../lib/cli/overrides';
import { registerSchemaCommand } from '../lib/cli/schema';
import { registerSimulateCommand } from '../lib/cli/simulate';

const program = new Command('connect-after-hours')
  .description('Try calendars, simulate calls and draw the contact flow before deploying')
  .showHelpAfterError();
registerHolidaysCommand(program);
registerSimulateCommand(program);
registerOverridesCommand(program);
registerLiveCommands(program);
registerDiagramCommand(program);
registerSchemaCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
