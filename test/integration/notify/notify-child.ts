// Child process for the crash-window test: `borderwatch notify` as its own process (BW_DB and
// BW_WEBHOOK_URL from the environment), so the test can SIGKILL it mid-delivery.
import { run } from '../../../src/cli/commands/notify.js';

process.exitCode = await run(process.argv.slice(2));
