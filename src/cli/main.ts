// Entry point of the `borderwatch` command: picks a command module and maps failures to exit codes.
// Each command lives in commands/<name>.ts and exports `run(argv): Promise<number>`.
import { isInputError } from '../core/errors.js';
import { EXIT_USAGE, exitCodeFor } from './exit-codes.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  demo: { summary: 'scan the bundled sample pairs (no services needed)', load: () => import('./commands/demo.js') },
  scan: { summary: 'scan one tile pair against border segments → alerts GeoJSON', load: () => import('./commands/scan.js') },
  alerts: { summary: 'list the alert queue, or export every alert as GeoJSON/CSV (store at BW_DB)', load: () => import('./commands/alerts.js') },
  bench: { summary: 'benchmark the scan on a synthetic pair: per-stage time, Mpx/s, peak RSS', load: () => import('./commands/bench.js') },
  'bench-scan': { summary: '(internal) one benchmark run', load: () => import('./commands/bench-scan.js') },
  segments: { summary: 'segments build: cut a border line into watched segments with corridors', load: () => import('./commands/segments.js') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: borderwatch <command> [options]', '', 'commands:', ...lines, '', 'borderwatch <command> --help for its options'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : EXIT_USAGE;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`borderwatch: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (isInputError(err)) {
      console.error(`borderwatch ${name}: rejected [${err.code}] ${err.message}`);
    } else {
      console.error(`borderwatch ${name}: internal error: ${(err as Error)?.stack ?? String(err)}`);
    }
    return exitCodeFor(err);
  }
}
