// `borderwatch tokens`: create, list and revoke API tokens on the store at BW_DB. A new token's
// secret is printed once, on stdout alone, so `TOKEN=$(borderwatch tokens create …)` works.
import { InputError } from '../../core/errors.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { createToken, isRole, listTokens, revokeToken, ROLES } from '../../io/store/token-repo.js';
import { optionalString, parseArgs } from '../args.js';
import { EXIT_USAGE } from '../exit-codes.js';
import { storePath } from './alerts.js';

const HELP = `usage: borderwatch tokens create --role ${ROLES.join('|')} [--name N]
       borderwatch tokens list
       borderwatch tokens revoke ID

Store at $BW_DB (default ./borderwatch.db). Tokens are stored as SHA-256 digests only: the secret
is shown once, at creation. Roles: analyst (review alerts), operator (batches, silences,
segments; reads alerts), admin (everything, including tokens).`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === 'help') {
    console.log(HELP);
    return sub ? 0 : EXIT_USAGE;
  }
  const args = parseArgs(rest, { role: 'string', name: 'string', help: 'boolean' });
  if (args.flags.help) return (console.log(HELP), 0);
  const now = new Date().toISOString();
  if (sub === 'create') {
    if (args.positional.length) throw new InputError('ARGS_INVALID', `unexpected argument '${args.positional[0]}'`);
    const role = optionalString(args, 'role');
    if (!isRole(role)) throw new InputError('ARGS_INVALID', `--role must be one of ${ROLES.join(', ')}`);
    const store = AlertStore.open(storePath());
    try {
      const { token, record } = createToken(store.db, role, optionalString(args, 'name') ?? null, now);
      console.log(token);
      console.error(`borderwatch tokens: created ${record.id} (${record.role}${record.name ? `, ${record.name}` : ''}); the token above is not shown again`);
    } finally {
      store.close();
    }
    return 0;
  }
  if (sub === 'list') {
    const store = AlertStore.open(storePath(), { mustExist: true });
    try {
      for (const t of listTokens(store.db)) {
        console.log([t.id, t.role.padEnd(8), (t.name ?? '—').padEnd(20), `created ${t.createdAt}`, t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`].join('  '));
      }
    } finally {
      store.close();
    }
    return 0;
  }
  if (sub === 'revoke') {
    const id = args.positional[0];
    if (!id || args.positional.length > 1) throw new InputError('ARGS_INVALID', 'tokens revoke needs exactly one token id');
    const store = AlertStore.open(storePath(), { mustExist: true });
    try {
      const t = revokeToken(store.db, id, now);
      if (!t) throw new InputError('ARGS_INVALID', `no token '${id}'`);
      console.error(`borderwatch tokens: ${t.id} revoked at ${t.revokedAt}`);
    } finally {
      store.close();
    }
    return 0;
  }
  throw new InputError('ARGS_INVALID', `unknown tokens command '${sub}' (create, list, revoke)`);
}
