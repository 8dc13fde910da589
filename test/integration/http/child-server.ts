// A server in its own process (for the kill test): opens the store at argv[2], listens on a free
// loopback port and prints it.
import type { AddressInfo } from 'node:net';
import { createApiServer } from '../../../src/http/server.js';
import { AlertStore } from '../../../src/io/store/alert-store.js';

const store = AlertStore.open(process.argv[2]!);
const server = createApiServer({ store });
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
