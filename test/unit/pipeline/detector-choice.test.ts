// Spec: operators pick the detector by name (scan/batch --measure, --threshold); the default is the
// agreement rule with hysteresis, a bad name is refused with a stable code, and each name reaches
// the scan (its alerts record the detector that judged them).
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.js';
import { SCAN_FLAGS, scanParamsFrom, loadSegments } from '../../../src/cli/commands/scan.js';
import { scanPair } from '../../../src/pipeline/scan.js';
import { InputError } from '../../../src/core/errors.js';
import { pairFile } from '../../helpers/samples.js';

const paramsOf = (...argv: string[]): ReturnType<typeof scanParamsFrom> => scanParamsFrom(parseArgs(argv, SCAN_FLAGS));

describe('choosing the detector of a scan', () => {
  it('takes --measure and --threshold by name, and a number as a fixed cut', () => {
    expect(paramsOf('--measure', 'cva+mean3', '--threshold', 'otsu')).toMatchObject({ measure: 'cva+mean3', threshold: 'otsu' });
    expect(paramsOf('--measure', 'log-ratio', '--threshold', '0.4')).toMatchObject({ measure: 'log-ratio', threshold: 0.4 });
    expect(paramsOf('--threshold', 'hysteresis')).toMatchObject({ threshold: 'hysteresis' });
  });

  it('refuses an unknown measure or threshold with ARGS_INVALID, naming what it accepts', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof InputError ? `${e.code}: ${e.message}` : String(e);
      }
      return undefined;
    };
    expect(code(() => paramsOf('--measure', 'ndvi'))).toMatch(/^ARGS_INVALID: .*cva-agree, cva\+mean3, cva, log-ratio/);
    expect(code(() => paramsOf('--threshold', 'hysterisis'))).toMatch(/^ARGS_INVALID: .*'hysteresis', 'otsu' or a positive number/);
  });

  it('judges a real pair with the agreement rule by default and with the chosen detector otherwise, and says which in every alert and the report', async () => {
    const segments = await loadSegments(pairFile('oscd-bercy', 'segments.geojson'));
    const pair = { baselinePath: pairFile('oscd-bercy', 't1.tif'), currentPath: pairFile('oscd-bercy', 't2.tif'), segments, engine: { threads: 0 } };
    const byDefault = await scanPair(pair);
    const sar = await scanPair({ ...pair, params: { measure: 'log-ratio', threshold: 'otsu', normalise: false } });
    expect(byDefault.report.detector.name).toBe('agree(cva+mean3,cva-detail)');
    expect(byDefault.report.thresholdMethod).toBe('hysteresis');
    expect(byDefault.candidates.every((c) => c.detector.params['seed_threshold_value'] === Math.round(byDefault.report.seedThreshold! * 1000) / 1000)).toBe(true);
    expect(sar.report.detector.name).toBe('log-ratio+mean3');
    expect(sar.report.thresholdMethod).toBe('otsu');
    expect(sar.report.seedThreshold).toBeUndefined();
    expect(sar.candidates.length).toBeGreaterThan(0);
    expect(sar.candidates.every((c) => c.detector.name === 'log-ratio+mean3')).toBe(true);
  });
});
