// `borderwatch bench`: scan a synthetic pair several times, each run in a fresh process so peak
// RSS is that run's own, and print per-stage wall time, busy time of the overlapped streaming
// stages (threads summed), CPU, Mpx/s and peak RSS (medians), for corridor and whole-tile modes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { generatePair } from '../../bench/generate.js';
import { InputError } from '../../core/errors.js';
import { transformer, WGS84 } from '../../core/geo/crs.js';
import { openTile } from '../../io/tiff/open.js';
import { optionalNumber, optionalString, parseArgs } from '../args.js';
import { PROJECT_ROOT } from './demo.js';

interface ClipFigures { ms: number; polygons: number; segments: number; pieces: number; alerts: number }
interface RunFigures { wallMs: number; cpuMs: number; maxRssMiB: number; timingsMs: Record<string, number>; candidates: number; polygons: number; decodedBlocks: number; totalBlocks: number; clip?: ClipFigures }

/** The peer pipelines' rule: CVA magnitude > 600 DN, no normalisation, blobs ≥ 4 px (400 m²), no speckle step. */
const PEER_PARAMS = { threshold: 600, normalise: false, measure: 'cva', speckleMinNeighbours: 0, minAreaM2: 400 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function runOnce(baseline: string, current: string, segments: string, params: string | null, clipSegments?: string): RunFigures {
  const args = [join(PROJECT_ROOT, 'bin', 'borderwatch.js'), 'bench-scan', baseline, current, segments, params ?? '-', ...(clipSegments ? [clipSegments] : [])];
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const processMs = performance.now() - t0;
  if (res.status !== 0) throw new Error(`bench-scan failed (${res.status}): ${res.stderr}`);
  // Whole process, start-up included, as the peers are timed (the in-process wall is a stage sum).
  return { ...(JSON.parse(res.stdout.trim().split('\n').pop()!) as RunFigures), wallMs: processMs };
}

/**
 * A one-polygon watch area over the whole footprint of `tif` (the worst case: everything watched),
 * padded by a pixel and with points every 1/64 of each edge: the clip draws edges straight in
 * lon/lat, and a 110-km edge through its two corners alone dips ~200 m into the tile.
 */
async function wholeTileSegments(tif: string, dir: string): Promise<string> {
  const out = join(dir, `${basename(tif, '.tif')}_whole_v2.geojson`);
  if (existsSync(out)) return out;
  const tile = await openTile(tif);
  const g = tile.grid;
  await tile.close();
  const toWgs = transformer(g.crs, WGS84);
  const px = (c: number, r: number): [number, number] => toWgs(g.transform[0] + c * g.transform[1] + r * g.transform[2], g.transform[3] + c * g.transform[4] + r * g.transform[5]);
  const corners: [number, number][] = [[-1, -1], [-1, g.height + 1], [g.width + 1, g.height + 1], [g.width + 1, -1]];
  const ring: [number, number][] = [];
  for (let k = 0; k < 4; k++) {
    const [c0, r0] = corners[k]!;
    const [c1, r1] = corners[(k + 1) % 4]!;
    for (let i = 0; i < 64; i++) ring.push(px(c0 + ((c1 - c0) * i) / 64, r0 + ((r1 - r0) * i) / 64));
  }
  ring.push(ring[0]!);
  mkdirSync(dir, { recursive: true });
  writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { segment_id: 'whole-tile' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { size: 'number', runs: 'number', seed: 'number', data: 'string', mode: 'string', params: 'string', baseline: 'string', current: 'string', segments: 'string', help: 'boolean' });
  if (args.flags.help) {
    console.log(`usage: borderwatch bench [--size 2048] [--runs 3] [--mode corridor|whole|both] [--params peer|default] [--data DIR] [--seed 1]
       borderwatch bench --baseline B.tif --current A.tif --segments S.geojson [--runs 3] [--mode ...]

Generates (once) a synthetic Sentinel-2-like pair in DIR (default .tmp/bench), or takes a given pair
(e.g. a pair made by the peer benchmark's gen_tiles.py), and scans it RUNS times per mode, each in a fresh
process after one warm-up. --params peer (default) is the peers' rule: CVA > 600 DN, >= 4 px,
no normalisation; --params default is the product's defaults. BW_WORKERS and BW_MAX_MEMORY_MB apply.`);
    return 0;
  }
  const runs = optionalNumber(args, 'runs') ?? 3;
  const mode = optionalString(args, 'mode') ?? 'both';
  if (!['corridor', 'whole', 'both'].includes(mode)) throw new InputError('ARGS_INVALID', `--mode must be corridor, whole or both`);
  const paramSet = optionalString(args, 'params') ?? 'peer';
  if (!['peer', 'default'].includes(paramSet)) throw new InputError('ARGS_INVALID', `--params must be peer or default`);
  const params = paramSet === 'peer' ? JSON.stringify(PEER_PARAMS) : null;
  const dir = optionalString(args, 'data') ?? join(PROJECT_ROOT, '.tmp', 'bench');
  let baseline = optionalString(args, 'baseline');
  let current = optionalString(args, 'current');
  let segments = optionalString(args, 'segments');
  if (!baseline || !current || !segments) {
    const size = optionalNumber(args, 'size') ?? 2048;
    const t0 = performance.now();
    const pair = generatePair(dir, size, optionalNumber(args, 'seed') ?? 1);
    console.log(`pair ${size}² (4 bands uint16, 512² tiles, DEFLATE+pred2) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${pair.baseline}`);
    ({ baseline, current, segments } = pair);
  }
  const whole = await wholeTileSegments(baseline, dir);
  const probe = await openTile(baseline);
  const pixels = probe.grid.width * probe.grid.height;
  await probe.close();
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; params ${paramSet}; median of ${runs} runs, each in a fresh process after a warm-up`);
  const modes = mode === 'both' ? ['corridor', 'whole'] : [mode];
  for (const m of modes) {
    const seg = m === 'whole' ? whole : segments;
    // Whole-tile runs also time clipping their change polygons to the real segments (the peers' join).
    const clipTo = m === 'whole' ? segments : undefined;
    runOnce(baseline, current, seg, params, clipTo); // warm-up: page cache
    const figures = Array.from({ length: runs }, () => runOnce(baseline!, current!, seg, params, clipTo));
    const wall = median(figures.map((f) => f.wallMs));
    const stages = Object.keys(figures[0]!.timingsMs);
    console.log(`\n${m === 'whole' ? 'whole tile watched' : 'border corridors'}: ${figures[0]!.polygons} change polygons in ${figures[0]!.candidates} alert candidates (pieces in one 50 m cell are one alert), ${figures[0]!.decodedBlocks}/${figures[0]!.totalBlocks} blocks decoded`);
    console.log(`  wall ${(wall / 1000).toFixed(3)} s (runs ${figures.map((f) => (f.wallMs / 1000).toFixed(2)).join(', ')})  cpu ${(median(figures.map((f) => f.cpuMs)) / 1000).toFixed(3)} s  ${(pixels / 1e6 / (wall / 1000)).toFixed(1)} Mpx/s  peak RSS ${median(figures.map((f) => f.maxRssMiB)).toFixed(0)} MiB`);
    console.log(`  stages (ms): ${stages.map((s) => `${s} ${median(figures.map((f) => f.timingsMs[s] ?? 0)).toFixed(0)}`).join(' · ')}`);
    const clip = figures[0]!.clip;
    if (clip) {
      console.log(`  clip alone: ${clip.polygons} change polygons × ${clip.segments} segments → ${clip.pieces} pieces, ${clip.alerts} polygon-segment alerts in ${median(figures.map((f) => f.clip!.ms)).toFixed(0)} ms (median; cold, as in a scan)`);
    }
  }
  return 0;
}
