// `borderwatch alerts`: read the alert store at BW_DB — `list` for a terminal, `export` as GeoJSON
// or CSV for GIS tools and spreadsheets.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { alertToCsvRow, alertToFeature, CSV_COLUMNS } from '../../core/alerts/export-format.js';
import { ALERT_STATES, isAlertState, type AlertState } from '../../core/alerts/lifecycle.js';
import type { AlertRecord } from '../../core/alerts/record.js';
import { InputError } from '../../core/errors.js';
import { AlertStore } from '../../io/store/alert-store.js';
import { optionalNumber, optionalString, parseArgs } from '../args.js';
import { EXIT_USAGE } from '../exit-codes.js';
import { loadConfig } from '../../config.js';

const HELP = `usage: borderwatch alerts list [--state S[,S…]] [--kind ground|aerial] [--segment ID] [--limit N]
       borderwatch alerts export --format geojson|csv [--out F]

Reads the alert store at $BW_DB (default ./borderwatch.db).
  list     the analyst queue as a table, most severe and newest first (default: 50 rows)
           states: ${ALERT_STATES.join(', ')}
  export   every alert with its state, first/last seen (observation times, UTC) and observation count
           geojson: RFC 7946 FeatureCollection, WGS 84, id = fingerprint
           csv:     RFC 4180, one row per alert; geometry as a WKT column (lon lat, EPSG:4326) plus
                    centroid_lon / centroid_lat columns for tools that want points
           Without --out, writes to standard output.`;

/** The store file (BW_DB, default ./borderwatch.db), as the one config parser reads it. */
export function storePath(): string {
  return loadConfig().dbPath;
}

/** Writes a chunk, waiting for the sink to drain so a large export never buffers in memory. */
async function write(sink: Writable, chunk: string): Promise<void> {
  if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', resolve));
}

async function writeExport(sink: Writable, format: 'geojson' | 'csv', alerts: Iterable<AlertRecord>): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    await write(sink, `${CSV_COLUMNS.join(',')}\r\n`);
    for (const a of alerts) {
      await write(sink, `${alertToCsvRow(a)}\r\n`);
      n++;
    }
    return n;
  }
  await write(sink, '{"type":"FeatureCollection","features":[\n');
  for (const a of alerts) {
    await write(sink, `${n === 0 ? '' : ',\n'}${JSON.stringify(alertToFeature(a))}`);
    n++;
  }
  await write(sink, '\n]}\n');
  return n;
}

async function exportCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { format: 'string', out: 'string', help: 'boolean' });
  if (args.flags.help) return (console.log(HELP), 0);
  if (args.positional.length) throw new InputError('ARGS_INVALID', `unexpected argument '${args.positional[0]}'`);
  const format = optionalString(args, 'format');
  if (format !== 'geojson' && format !== 'csv') throw new InputError('ARGS_INVALID', '--format must be geojson or csv');
  const out = optionalString(args, 'out');
  const store = AlertStore.open(storePath(), { mustExist: true });
  try {
    if (!out) {
      await writeExport(process.stdout, format, store.exportAlerts());
      return 0;
    }
    // Write beside the target and rename, so a reader never sees half an export.
    const partial = `${out}.partial`;
    const file = createWriteStream(partial);
    try {
      const n = await writeExport(file, format, store.exportAlerts());
      file.end();
      await finished(file);
      renameSync(partial, out);
      console.error(`borderwatch alerts export: ${n} alert${n === 1 ? '' : 's'} → ${out}`);
    } catch (err) {
      file.destroy();
      rmSync(partial, { force: true });
      throw err;
    }
    return 0;
  } finally {
    store.close();
  }
}

function parseStates(text: string | undefined): AlertState[] | undefined {
  if (text === undefined) return undefined;
  const states = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = states.find((s) => !isAlertState(s));
  if (bad !== undefined) throw new InputError('ARGS_INVALID', `unknown state '${bad}' (states: ${ALERT_STATES.join(', ')})`);
  return states as AlertState[];
}

function table(alerts: readonly AlertRecord[]): string {
  const header = ['fingerprint', 'state', 'kind', 'segment', 'side', 'dist m', 'area m²', 'score', 'confidence', 'last seen', 'obs', 'assignee'];
  const rows = alerts.map((a) => [
    a.fingerprint.length > 16 ? `${a.fingerprint.slice(0, 15)}…` : a.fingerprint,
    a.state === 'dismissed' && a.dismissReason ? `dismissed (${a.dismissReason})` : a.state,
    a.kind,
    a.segmentId,
    a.side === null ? '—' : a.sideName ? `${a.side} (${a.sideName})` : a.side,
    a.distanceToLineM === null ? '—' : a.distanceToLineM.toFixed(0),
    a.areaM2.toFixed(0),
    a.score.toFixed(2),
    a.confidence,
    a.lastSeen.slice(0, 16).replace('T', ' '),
    String(a.observationCount),
    a.assignee ?? '—',
  ]);
  const numeric = new Set([5, 6, 7, 10]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]): string => r.map((c, k) => (numeric.has(k) ? c.padStart(widths[k]!) : c.padEnd(widths[k]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function listCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { state: 'string', kind: 'string', segment: 'string', limit: 'number', help: 'boolean' });
  if (args.flags.help) return (console.log(HELP), 0);
  if (args.positional.length) throw new InputError('ARGS_INVALID', `unexpected argument '${args.positional[0]}'`);
  const kind = optionalString(args, 'kind');
  if (kind !== undefined && kind !== 'ground' && kind !== 'aerial') throw new InputError('ARGS_INVALID', '--kind must be ground or aerial');
  const limit = optionalNumber(args, 'limit') ?? 50;
  if (!Number.isInteger(limit) || limit < 1) throw new InputError('ARGS_INVALID', '--limit must be a positive integer');
  const segment = optionalString(args, 'segment');
  const store = AlertStore.open(storePath(), { mustExist: true });
  try {
    const page = store.listAlerts({
      states: parseStates(optionalString(args, 'state')),
      kinds: kind ? [kind] : undefined,
      segmentIds: segment ? [segment] : undefined,
      limit,
    });
    if (page.total === 0) {
      console.log('no alerts match');
      return 0;
    }
    console.log(table(page.items));
    if (page.total > page.items.length) console.log(`… ${page.total - page.items.length} more (use --limit, or export)`);
    return 0;
  } finally {
    store.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export') return exportCommand(rest);
  if (sub === 'list') return listCommand(rest);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(HELP);
    return sub === undefined ? EXIT_USAGE : 0;
  }
  throw new InputError('ARGS_INVALID', `unknown alerts subcommand '${sub}' (list, export)`);
}
