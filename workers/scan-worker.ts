// Thin entry point: a scan worker process (`borderwatch worker --role scan`), for process managers.
import { run } from '../src/cli/commands/worker.js';

process.exitCode = await run(['--role', 'scan', ...process.argv.slice(2)]);
