// `borderwatch aerial-eval --data DIR --out report.md`: injects synthetic aircraft, drones, balloons
// and vehicles into the real Sentinel-2 pairs under DIR (<scene>/t1.tif, t2.tif) and reports how the
// aerial detector does.
import { writeFile } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { sentinel2Timing } from '../../pipeline/aerial-stage.js';
import { DEFAULT_EVAL_CONFIG, evaluateAerial } from '../../eval/aerial/evaluate.js';
import { renderAerialReport } from '../../eval/aerial/report.js';
import { loadScenes } from '../../eval/aerial/scenes.js';
import { optionalNumber, parseArgs, requireString } from '../args.js';

const HELP = `usage: borderwatch aerial-eval --data DIR --out report.md [--trials N] [--seed S]
  --data DIR    folder of <scene>/t1.tif (baseline) and <scene>/t2.tif (current), 4 bands B02 B03 B04 B08
                (e.g. data/samples/aerial/oscd, or a full OSCD copy)
  --out FILE    Markdown report to write
  --trials N    injection trials per scene (default ${DEFAULT_EVAL_CONFIG.trialsPerScene})
  --seed S      seed of the synthetic movers (default ${DEFAULT_EVAL_CONFIG.seed})`;


export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const args = parseArgs(argv, { data: 'string', out: 'string', trials: 'number', seed: 'number', help: 'boolean' });
  const dataDir = requireString(args, 'data');
  const outFile = requireString(args, 'out');
  const trials = optionalNumber(args, 'trials') ?? DEFAULT_EVAL_CONFIG.trialsPerScene;
  const seed = optionalNumber(args, 'seed') ?? DEFAULT_EVAL_CONFIG.seed;
  if (!Number.isInteger(trials) || trials < 1) throw new InputError('ARGS_INVALID', '--trials must be a positive integer');

  const sensor = sentinel2Timing();
  const { scenes, skipped } = await loadScenes(dataDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new InputError('FILE_NOT_FOUND', `no such folder: ${dataDir}`);
    throw err;
  });
  if (scenes.length === 0) throw new InputError('FILE_NOT_FOUND', `no <scene>/t1.tif + t2.tif pairs under ${dataDir}`);
  const started = performance.now();
  const result = evaluateAerial(scenes, sensor, { ...DEFAULT_EVAL_CONFIG, trialsPerScene: trials, seed });
  const seconds = (performance.now() - started) / 1000;
  const sceneNote = `${scenes.map((s) => `${s.name} ${s.width}×${s.height}`).join(', ')}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`;
  const command = `borderwatch aerial-eval --data ${dataDir} --out ${outFile} --trials ${trials} --seed ${seed}`;
  await writeFile(outFile, `${renderAerialReport(result, command, sceneNote)}\nRun time: ${seconds.toFixed(1)} s.\n`);
  const hits = result.outcomes.filter((o) => o.detection).length;
  console.log(`aerial-eval: ${hits}/${result.outcomes.length} movers detected over ${scenes.length} scenes; report written to ${outFile}`);
  return 0;
}
