// Two kinds of failure (ARCHITECTURE.md): input rejected (stable code, never retried, recorded)
// and everything else (a bug or a transient fault, retried). Only the first gets a class.

/** Stable codes for rejected input. Never rename one: stores, alerts and operators key on them. */
export type InputErrorCode =
  // file-level
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  // TIFF structure (preflight, before any pixel is read)
  | 'TIFF_NOT_TIFF'
  | 'TIFF_TRUNCATED'
  | 'TIFF_IFD_LOOP'
  | 'TIFF_TOO_MANY_IFDS'
  | 'TIFF_BAD_TAG'
  | 'TIFF_BAD_DIMENSIONS'
  | 'TIFF_TOO_LARGE'
  | 'TIFF_UNSUPPORTED_COMPRESSION'
  | 'TIFF_UNSUPPORTED_SAMPLE_FORMAT'
  | 'TIFF_UNSUPPORTED_LAYOUT'
  | 'TIFF_DECODE_FAILED'
  | 'TIFF_DECOMPRESSION_BOMB'
  // georeferencing
  | 'GEO_NO_GEOREFERENCING'
  | 'GEO_UNSUPPORTED_CRS'
  | 'GEO_ROTATED_GRID'
  // pairs
  | 'PAIR_NO_OVERLAP'
  | 'PAIR_BAND_MISMATCH'
  | 'PAIR_NO_CORRIDOR_OVERLAP'
  // vectors
  | 'SEGMENTS_INVALID'
  | 'BORDER_INVALID'
  | 'AUTHORISED_INVALID'
  // command line / parameters
  | 'ARGS_INVALID'
  // batches (appended for the batch runner)
  | 'CONFIG_INVALID'
  | 'CATALOG_INVALID'
  /** A catalog tile with no acquisition time: it cannot be ordered against its footprint's others. */
  | 'TILE_UNDATED'
  /** Not an input fault: the scan failed every attempt (crash, stall); quarantined for an operator. */
  | 'TILE_RETRIES_EXHAUSTED'
  // remote tiles (http(s) URLs read with range requests)
  /** The server refused the read (access denied, bad URL, an answer that is not the object's bytes); registration also records it when a server stayed down through every retry. */
  | 'URL_UNREADABLE'
  /** The server answers range requests with the whole object: reading it would move every byte. */
  | 'URL_RANGES_UNSUPPORTED'
  // multi-date baselines (the median of N earlier tiles of one footprint)
  /** The earlier tiles of a multi-date baseline are not on one grid (CRS, size, origin or pixel size differ). */
  | 'BASELINE_GRID_MISMATCH'
  /** The earlier tiles of a multi-date baseline differ in band count, sample type or nodata value. */
  | 'BASELINE_FORMAT_MISMATCH'
  // per-segment watch parameters (segment file properties `min_area_m2`, `threshold`)
  /** A segment's `min_area_m2` or `threshold` is not a finite number in range (negative, NaN, a string). */
  | 'SEGMENT_PARAMS_INVALID';

export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly detail: Record<string, unknown> | undefined;
  constructor(code: InputErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'InputError';
    this.code = code;
    this.detail = detail;
  }
}

export function isInputError(err: unknown): err is InputError {
  return err instanceof InputError;
}
