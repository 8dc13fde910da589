// `borderwatch eval`: scores a detection method on every labelled pair under a folder, prints a
// markdown table, optionally writes it (and JSON beside it), and fails when a floor is not met.
import { writeFile } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { optionalNumber, optionalString, parseArgs, requireString } from '../args.js';
import { discoverPairs } from '../../eval/datasets.js';
import { DEFAULT_METHOD, parseMethod } from '../../eval/methods.js';
import { evaluatePair, poolResults } from '../../eval/evaluate.js';
import { reportJson, reportMarkdown, type EvalReport } from '../../eval/report.js';

const HELP = `usage: borderwatch eval --data DIR [--method M] [--out report.md] [--min-f1 X] [--min-kappa X]

Scores a change-detection method on labelled pairs found under DIR: OSCD-style t1/t2/cm.tif,
t1/t2.tif with gt_changed_samples/gt_unchanged_samples.tif, SAR *_1/*_2/*_gt.bmp, LEVIR A/ B/ label/ PNGs.
  --method     measure[+norm][+meanR][+hN][+sR][+cloud][:otsu|otsu-low|kmeans|gmm|cluster|hyst][@k|@low/high]
               (default: ${DEFAULT_METHOD} — scan's detectors: 'cva-agree+norm:hyst' for optical pairs (scan's default),
               'log-ratio+mean1:otsu' for single-band SAR pairs (scan --measure log-ratio))
               measures: cva, difference, log-ratio, ndvi, ir-mad, pca-kmeans (Celik 2009), pca-kmeans-lr (PCA-KMeans of the log-ratio, SAR),
                 cva-detail (CVA + CVA of high-pass detail, robust z-scores summed; for 10 m built-up change),
                 cva-agree (the smaller of CVA and cva-detail, each in units of its own no-change noise)
               +norm = radiometric normalisation; +cloud = screen clouds/shadows/snow (S2 DN) as not observed;
               +meanR = mean score over a (2R+1)² window; +hN = PCA-KMeans block side N px;
               +sR = cva-detail's own smoothing radius (default 2)
               thresholds: otsu = Otsu above median + k·σ_MAD (k default 4);
                 otsu-low = Otsu above P25 + k·σ, σ from P5..P25 (k default 8; for scenes with much change);
                 kmeans, gmm = two-class split above median + k·σ_MAD; cluster = the measure's own cut (pca-kmeans);
                 hyst@low/high = 8-connected regions above P25 + low·σ that hold a pixel above P25 + high·σ (default 6.5/16)
               @k = noise-floor multiplier
               A|B = either method fires, A&B = both; OPTICAL,SAR = the first for multi-band pairs, the second for SAR
                 (e.g. 'cva-agree+norm:hyst@6.5/16,log-ratio+mean1:otsu')
  --out        write the markdown report here and JSON next to it (.json)
  --min-f1, --min-kappa   exit 1 when the pooled figure over all pairs is below (a CI floor)`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const args = parseArgs(argv, { data: 'string', method: 'string', out: 'string', 'min-f1': 'number', 'min-kappa': 'number' });
  const data = requireString(args, 'data');
  const methodSpec = optionalString(args, 'method') ?? DEFAULT_METHOD;
  let methodFor;
  try {
    methodFor = parseMethod(methodSpec);
  } catch (err) {
    throw new InputError('ARGS_INVALID', `--method: ${(err as Error).message}`);
  }
  const sources = await discoverPairs(data).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new InputError('FILE_NOT_FOUND', `--data ${data} does not exist`);
    throw err;
  });
  if (sources.length === 0) throw new InputError('ARGS_INVALID', `no labelled pairs found under ${data}`);
  const pairs = [];
  for (const source of sources) {
    const pair = await source.load();
    pairs.push(evaluatePair(pair, methodFor(pair)));
  }
  const report: EvalReport = { method: methodSpec, data, pairs, pooled: poolResults(pairs) };
  const markdown = reportMarkdown(report);
  console.log(markdown);
  const out = optionalString(args, 'out');
  if (out) {
    await writeFile(out, markdown);
    await writeFile(out.replace(/\.md$/i, '') + '.json', reportJson(report));
  }
  const all = report.pooled[report.pooled.length - 1].scores;
  const minF1 = optionalNumber(args, 'min-f1');
  const minKappa = optionalNumber(args, 'min-kappa');
  const failures = [
    minF1 !== undefined && all.f1 < minF1 ? `pooled F1 ${all.f1.toFixed(3)} < ${minF1}` : null,
    minKappa !== undefined && all.kappa < minKappa ? `pooled kappa ${all.kappa.toFixed(3)} < ${minKappa}` : null,
  ].filter((x): x is string => x !== null);
  if (failures.length > 0) {
    console.error(`borderwatch eval: below the floor: ${failures.join('; ')}`);
    return 1;
  }
  return 0;
}
