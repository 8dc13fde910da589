// Thin entry point: the one alert worker next to the store (`borderwatch worker --role alerts`).
import { run } from '../src/cli/commands/worker.js';

process.exitCode = await run(['--role', 'alerts', ...process.argv.slice(2)]);
