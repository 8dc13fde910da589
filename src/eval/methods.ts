// The named detection methods eval can run: radiometric normalisation on/off, a change measure,
// a threshold and the speckle cleaning scan applies. 'default' is what scan uses.
import type { ChangeMeasure } from '../core/detect/change/types.js';
import { changeVectorMagnitude } from '../core/detect/change/cva.js';
import { imageDifference } from '../core/detect/change/difference.js';
import { logRatio } from '../core/detect/change/log-ratio.js';
import { indexDifference } from '../core/detect/change/index-difference.js';
import { irMad } from '../core/detect/change/ir-mad.js';
import { smoothedMeasure } from '../core/detect/change/smooth.js';
import { pcaKmeans } from '../core/detect/change/pca-kmeans.js';
import { detailChange } from '../core/detect/change/detail-change.js';
import { agreement } from '../core/detect/change/agreement.js';
import type { ThresholdMethod } from '../core/detect/threshold/choose.js';
import { HYSTERESIS_MULTIPLIERS } from '../core/detect/threshold/hysteresis.js';
import type { LabelledPair } from './datasets.js';

export interface DetectionMethod {
  readonly name: string;
  readonly normalise: boolean;
  readonly measureFor: (pair: LabelledPair) => ChangeMeasure;
  readonly threshold: ThresholdMethod;
  readonly noiseFloorK?: number;
  readonly speckleMinNeighbours: number;
  /** Screen clouds/shadows/snow on both dates first (4+ band Sentinel-2-style pairs only). */
  readonly cloudScreen?: boolean;
  /** 'hyst': grow regions above the noiseFloorK cut only from seeds above this low-tail multiplier. */
  readonly hysteresisHighK?: number;
  /** 'a|b' (either method fires) or 'a&b' (both fire): the masks of the parts, combined per pixel. */
  readonly combine?: { readonly op: 'union' | 'intersection'; readonly parts: readonly DetectionMethod[] };
}

const ndvi = (pair: LabelledPair): ChangeMeasure =>
  // OSCD stacks B02 B03 B04 B08 (NIR = 3, red = 2); Landsat TM 1 2 3 4 5 7 (NIR = 3, red = 2).
  pair.before.bands.length >= 4 ? indexDifference(3, 2) : changeVectorMagnitude;

/** What scan uses on optical tiles; see the eval evidence in the README. */
export const DEFAULT_METHOD = 'auto';
const OPTICAL_DEFAULT = 'cva-agree+norm:hyst';
const SAR_DEFAULT = 'log-ratio+mean1:otsu';

/** A method per pair: 'auto' picks log-ratio for single-band (SAR) pairs, CVA otherwise. */
export function parseMethod(spec: string): (pair: LabelledPair) => DetectionMethod {
  if (spec === 'auto') {
    const optical = parseOne(OPTICAL_DEFAULT);
    const sar = parseOne(SAR_DEFAULT);
    return (pair) => (pair.kind === 'sar' ? sar : optical);
  }
  if (spec.includes(',')) return perKind(spec);
  if (spec.includes('|') || spec.includes('&')) return combinedMethod(spec);
  const method = parseOne(spec);
  return () => method;
}

function parseOne(spec: string): DetectionMethod {
  // Syntax: measure[+norm][+meanR][+hN][+sR][+cloud][:threshold][@k], e.g. 'cva+norm:otsu', 'log-ratio+mean1:gmm@4',
  // 'pca-kmeans+h5+norm:cluster' (hN: PCA-KMeans block side; 'cluster': the measure's own cut, score > 0),
  // 'cva-detail+s1+norm:otsu-low@8' (sR: cva-detail's own smoothing radius, default 2; 'otsu-low': Otsu
  // with the low-tail noise floor P25 + k·σ, k default 8, instead of median + k·σ_MAD),
  // 'cva-agree+norm:hyst@6.5/16' ('hyst': regions above the low-tail cut at 6.5 holding a pixel above 16).
  const [head, kPart] = spec.split('@');
  const [measurePart, thresholdPart] = head.split(':');
  const tokens = measurePart.split('+');
  const base = tokens[0];
  const normalise = tokens.includes('norm');
  const meanToken = tokens.find((t) => /^mean\d+$/.test(t));
  const radius = meanToken ? Number(meanToken.slice(4)) : 0;
  const blockToken = tokens.find((t) => /^h\d+$/.test(t));
  const blockSizePx = blockToken ? Number(blockToken.slice(1)) : undefined;
  const smoothToken = tokens.find((t) => /^s\d+$/.test(t));
  const smoothRadiusPx = smoothToken ? Number(smoothToken.slice(1)) : undefined;
  const ownCut = thresholdPart === 'cluster';
  const hysteresis = thresholdPart === 'hyst' ? hysteresisMultipliers(kPart) : undefined;
  const threshold = (ownCut ? 'otsu' : hysteresis ? 'otsu-low' : thresholdPart ?? 'otsu') as ThresholdMethod;
  if (!['otsu', 'otsu-low', 'kmeans', 'gmm'].includes(threshold)) throw new Error(`unknown threshold '${threshold}'`);
  const measures: Record<string, (p: LabelledPair) => ChangeMeasure> = {
    cva: () => changeVectorMagnitude,
    difference: () => imageDifference,
    'log-ratio': () => logRatio(1),
    ndvi,
    'ir-mad': () => irMad(),
    'pca-kmeans': () => pcaKmeans({ blockSizePx }),
    'pca-kmeans-lr': () => pcaKmeans({ blockSizePx, difference: logRatio(1) }),
    'cva-detail': () => detailChange({ smoothRadiusPx }),
    'cva-agree': () => agreement(smoothedMeasure(changeVectorMagnitude, 1), detailChange({ smoothRadiusPx })),
  };
  const pick = measures[base];
  if (!pick) throw new Error(`unknown measure '${base}' (known: ${Object.keys(measures).join(', ')})`);
  const measureFor = (pair: LabelledPair): ChangeMeasure => (radius > 0 ? smoothedMeasure(pick(pair), radius) : pick(pair));
  return {
    name: spec,
    normalise,
    measureFor: ownCut ? (pair) => atOwnCut(measureFor(pair)) : measureFor,
    threshold,
    noiseFloorK: hysteresis ? hysteresis.low : kPart === undefined ? undefined : Number(kPart),
    hysteresisHighK: hysteresis?.high,
    speckleMinNeighbours: 0,
    cloudScreen: tokens.includes('cloud'),
  };
}

/*
 * A measure whose own decision is `score > 0` (PCA-KMeans: nearer the change centroid) as a 0/1
 * score, so eval's automatic threshold reproduces that decision: Otsu splits the two values and
 * the noise floor (median + k·MAD) is 0 while change is under half of the observed pixels. More
 * than half changed reads as no change — the same prior the noise floor puts on every method.
 */
function atOwnCut(inner: ChangeMeasure): ChangeMeasure {
  return {
    ...inner,
    measure: (before, after) => inner.measure(before, after).map((v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : 0)),
  };
}

/** Hysteresis multipliers 'low/high' of the low-tail floor (P25 + m·σ); default the product's (hysteresis.ts). */
const HYSTERESIS_DEFAULT = { low: HYSTERESIS_MULTIPLIERS.lowK, high: HYSTERESIS_MULTIPLIERS.highK };

function hysteresisMultipliers(kPart: string | undefined): { low: number; high: number } {
  if (kPart === undefined) return HYSTERESIS_DEFAULT;
  const [low, high] = kPart.split('/').map(Number);
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`'hyst' needs @low/high multipliers, got '@${kPart}'`);
  return { low: low!, high: high! };
}

/** 'a|b' or 'a&b' (one operator per spec); each part is a full method spec, 'auto' included. */
function combinedMethod(spec: string): (pair: LabelledPair) => DetectionMethod {
  const op = spec.includes('|') ? 'union' : 'intersection';
  const parts = spec.split(op === 'union' ? '|' : '&');
  if (parts.some((p) => p.includes('|') || p.includes('&'))) throw new Error(`mix of '|' and '&' in '${spec}'`);
  const parsed = parts.map((p) => parseMethod(p));
  return (pair) => {
    const chosen = parsed.map((f) => f(pair));
    return { ...chosen[0]!, name: spec, combine: { op, parts: chosen } };
  };
}

/** 'optical,sar': the first spec for multi-band and RGB pairs, the second for single-band (SAR) pairs. */
function perKind(spec: string): (pair: LabelledPair) => DetectionMethod {
  const [optical, sar, ...rest] = spec.split(',');
  if (!optical || !sar || rest.length > 0) throw new Error(`'${spec}': per-kind methods are 'optical-spec,sar-spec'`);
  const forOptical = parseMethod(optical);
  const forSar = parseMethod(sar);
  return (pair) => (pair.kind === 'sar' ? forSar(pair) : forOptical(pair));
}
