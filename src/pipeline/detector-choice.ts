// The scan parameters' names for a change measure and a cut, turned into the core's objects — one
// mapping for the in-memory scan, the streaming engines and the per-segment pass.
import { AGREE_MEASURE, CVA_MEAN3_MEASURE, type ChangeCut } from '../core/detect/find-changes.js';
import { changeVectorMagnitude } from '../core/detect/change/cva.js';
import { logRatio } from '../core/detect/change/log-ratio.js';
import { smoothedMeasure } from '../core/detect/change/smooth.js';
import type { ChangeMeasure } from '../core/detect/change/types.js';
import { HYSTERESIS_MULTIPLIERS } from '../core/detect/threshold/hysteresis.js';

/**
 * 'cva-agree': the default (CVA 3×3 and fine texture agree); 'cva+mean3': the previous default;
 * 'cva': per-pixel CVA (the GDAL/rasterio peers'); 'log-ratio': SAR (log-ratio over 3×3, which eval
 * picks for single-band radar pairs — with `otsu` and no normalisation, as eval runs it).
 */
export type ScanMeasure = 'cva-agree' | 'cva+mean3' | 'cva' | 'log-ratio';

/** 'hysteresis': the default's two low-tail cuts; 'otsu': Otsu + median floor; a number: that fixed cut. */
export type ScanThreshold = 'hysteresis' | 'otsu' | number;

export const SCAN_MEASURES: readonly ScanMeasure[] = ['cva-agree', 'cva+mean3', 'cva', 'log-ratio'];

const SAR_MEASURE = smoothedMeasure(logRatio(1), 1);

export function changeMeasureOf(measure: ScanMeasure): ChangeMeasure {
  switch (measure) {
    case 'cva':
      return changeVectorMagnitude;
    case 'cva+mean3':
      return CVA_MEAN3_MEASURE;
    case 'log-ratio':
      return SAR_MEASURE;
    case 'cva-agree':
      return AGREE_MEASURE;
  }
}

export function changeCutOf(threshold: ScanThreshold): ChangeCut {
  if (threshold === 'otsu') return { method: 'otsu' };
  if (threshold === 'hysteresis') return { method: 'hysteresis', ...HYSTERESIS_MULTIPLIERS };
  return { method: 'fixed', value: threshold };
}
