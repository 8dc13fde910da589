// The per-pixel median of N co-registered dates written straight into output sample arrays, one
// row strip at a time: the kernel behind the multi-date baseline GeoTIFF. Same rule as
// medianBaseline (only the dates that observed a pixel vote; a pixel is unobserved only when no date
// saw it), plus what a file needs: integer rounding and never writing the nodata value by accident.
import type { Raster } from '../types.js';

export type SampleArray = Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface CompositeTarget {
  /** Output bands, row-major, as wide as the dates' grid. */
  readonly bands: readonly SampleArray[];
  /** Sample index in `bands` where the dates' first pixel goes (strip row0 × width). */
  readonly offset: number;
  /** Written where no date observed the pixel; null = the format has none (NaN for floats, 0 else). */
  readonly nodata: number | null;
  /** Integer samples: the median is rounded to the nearest integer (halves up). */
  readonly integer: boolean;
}

export interface CompositeStripStats {
  /** observationHistogram[k] = pixels seen by exactly k dates (k = 0..N). */
  readonly observationHistogram: number[];
}

/** Fills the target at `offset` with the per-pixel, per-band median of the dates that observed it. */
export function medianInto(dates: readonly Raster[], target: CompositeTarget): CompositeStripStats {
  if (dates.length === 0) throw new Error('medianInto: needs at least one date');
  const first = dates[0]!;
  const pixels = first.grid.width * first.grid.height;
  const bandCount = first.bands.length;
  for (const d of dates) {
    if (d.grid.width !== first.grid.width || d.grid.height !== first.grid.height || d.bands.length !== bandCount) {
      throw new Error('medianInto: dates must be co-registered on one grid with the same bands');
    }
  }
  if (target.bands.length !== bandCount) throw new Error(`medianInto: ${bandCount} bands in, ${target.bands.length} out`);
  const nodata = target.nodata;
  // Float32 outputs compare as stored: a median that rounds onto fround(nodata) would read back as nodata.
  const nodata32 = nodata === null ? null : Math.fround(nodata);
  const empty = nodata ?? (target.integer ? 0 : Number.NaN);
  const histogram = new Array<number>(dates.length + 1).fill(0);
  const seen = new Int32Array(dates.length);
  const values = new Float64Array(dates.length);
  for (let i = 0; i < pixels; i++) {
    let k = 0;
    for (let d = 0; d < dates.length; d++) if (dates[d]!.observed[i] === 1) seen[k++] = d;
    histogram[k]!++;
    const at = target.offset + i;
    if (k === 0) {
      for (let b = 0; b < bandCount; b++) target.bands[b]![at] = empty;
      continue;
    }
    for (let b = 0; b < bandCount; b++) {
      for (let j = 0; j < k; j++) {
        // Insertion sort: N is a handful of dates, far cheaper than a typed-array sort call per pixel.
        const v = dates[seen[j]!]!.bands[b]![i]!;
        let p = j;
        while (p > 0 && values[p - 1]! > v) {
          values[p] = values[p - 1]!;
          p--;
        }
        values[p] = v;
      }
      const upper = values[k >> 1]!;
      let m = k % 2 === 1 ? upper : (values[k / 2 - 1]! + upper) / 2;
      if (target.integer) m = Math.round(m);
      // Only the mean of two middle values straddling nodata can land on it: take the upper one,
      // an observed value that still lies between the middle two.
      if (nodata !== null && (m === nodata || Math.fround(m) === nodata32)) m = upper;
      target.bands[b]![at] = m;
    }
  }
  return { observationHistogram: histogram };
}
