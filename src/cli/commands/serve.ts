// `borderwatch serve`: the API, OGC API Features and the dashboard on the store at BW_DB.
// Loopback by default: exposing review actions on a network is a decision, so it takes a flag.
import { InputError } from '../../core/errors.js';
import { loadConfig } from '../../config.js';
import { startConfiguredNotifier } from '../../io/notify/from-config.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { createApiServer } from '../../http/server.js';
import { optionalNumber, optionalString, parseArgs } from '../args.js';
import { storePath } from './alerts.js';

const HELP = `usage: borderwatch serve [--port P] [--host H]

Serves the store at $BW_DB (default ./borderwatch.db):
  /          dashboard (alert queue, alert pages with before/after chips, segments, silences)
  /api/…     JSON API (bearer tokens: borderwatch tokens create --role analyst|operator|admin)
  /ogc       OGC API - Features (collections alerts, segments), e.g.
             ogrinfo --config GDAL_HTTP_HEADERS "Authorization: Bearer $TOKEN" OAPIF:http://127.0.0.1:8080/ogc
Defaults: --host 127.0.0.1 --port 8080 (port 0 picks a free one).`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { port: 'number', host: 'string', help: 'boolean' });
  if (args.flags.help) return (console.log(HELP), 0);
  if (args.positional.length) throw new InputError('ARGS_INVALID', `unexpected argument '${args.positional[0]}'`);
  const port = optionalNumber(args, 'port') ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError('ARGS_INVALID', '--port must be an integer in 0..65535');
  const host = optionalString(args, 'host') ?? '127.0.0.1';
  const store = AlertStore.open(storePath());
  const server = createApiServer({ store, log: (entry) => process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), ...entry })}\n`) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  console.error(`borderwatch serve: http://${host.includes(':') ? `[${host}]` : host}:${bound}/ (store ${storePath()})`);
  // With BW_WEBHOOK_URL, new and reopened alerts are posted from the outbox while we serve.
  const notifier = startConfiguredNotifier(store, loadConfig(), (event, detail) => process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), msg: event, ...detail })}\n`));
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await notifier?.stop();
  store.close();
  return 0;
}
