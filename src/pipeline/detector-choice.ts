// The scan parameters' names for a change measure and a cut, turned into the core's objects — one
// mapping for the in-memory scan, the streaming engines and the per-segment pass.
import { AGREE_MEASURE, DEFAULT_MEASURE, type ChangeCut } from '../core/detect/find-changes.js';
import { changeVectorMagnitude } from '../core/detect/change/cva.js';
import type { ChangeMeasure } from '../core/detect/change/types.js';
import { HYSTERESIS_MULTIPLIERS } from '../core/detect/threshold/hysteresis.js';

/** 'cva-agree': the default (CVA 3×3 and fine texture agree); 'cva+mean3': the previous default; 'cva': per-pixel CVA (the GDAL/rasterio peers'). */
export type ScanMeasure = 'cva-agree' | 'cva+mean3' | 'cva';

/** 'hysteresis': the default's two low-tail cuts; 'otsu': Otsu + median floor; a number: that fixed cut. */
export type ScanThreshold = 'hysteresis' | 'otsu' | number;

export const SCAN_MEASURES: readonly ScanMeasure[] = ['cva-agree', 'cva+mean3', 'cva'];

export function changeMeasureOf(measure: ScanMeasure): ChangeMeasure {
  return measure === 'cva' ? changeVectorMagnitude : measure === 'cva+mean3' ? DEFAULT_MEASURE : AGREE_MEASURE;
}

export function changeCutOf(threshold: ScanThreshold): ChangeCut {
  if (threshold === 'otsu') return { method: 'otsu' };
  if (threshold === 'hysteresis') return { method: 'hysteresis', ...HYSTERESIS_MULTIPLIERS };
  return { method: 'fixed', value: threshold };
}
