// Minimal, strict flag parser: --name value, --flag, positional args. Unknown flags are errors,
// so a typo never silently runs the wrong job.
import { InputError } from '../core/errors.js';

export interface FlagSpec {
  readonly [name: string]: 'string' | 'number' | 'boolean';
}

export interface ParsedArgs {
  readonly flags: Record<string, string | number | boolean | undefined>;
  readonly positional: string[];
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const flags: Record<string, string | number | boolean | undefined> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const type = spec[name];
    if (!type) throw new InputError('ARGS_INVALID', `unknown option --${name}`);
    if (type === 'boolean') {
      flags[name] = true;
      continue;
    }
    const raw = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (raw === undefined) throw new InputError('ARGS_INVALID', `--${name} needs a value`);
    if (type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new InputError('ARGS_INVALID', `--${name} must be a number, got '${raw}'`);
      flags[name] = n;
    } else flags[name] = raw;
  }
  return { flags, positional };
}

export function requireString(args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new InputError('ARGS_INVALID', `--${name} is required`);
  return v;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function optionalNumber(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags[name];
  return typeof v === 'number' ? v : undefined;
}
