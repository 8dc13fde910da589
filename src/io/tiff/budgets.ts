// Limits on what a tile may declare before we allocate anything for it (RELIABILITY.md: bounded
// memory per tile). Checked by preflight on declared sizes, and by the decoders on real output.

export interface TileBudgets {
  /** Largest accepted image width, in pixels. */
  readonly maxWidthPx: number;
  /** Largest accepted image height, in pixels. */
  readonly maxHeightPx: number;
  /** Largest accepted width × height, in pixels. */
  readonly maxPixels: number;
  /** Largest accepted samples per pixel. */
  readonly maxBands: number;
  /** Largest decoded size of one internal tile or strip (all bands it holds), in bytes. */
  readonly maxDecodedBlockBytes: number;
  /** Largest number of IFDs (images, overviews, masks) walked before giving up. */
  readonly maxIfds: number;
  /** Largest accepted file, in bytes. */
  readonly maxFileBytes: number;
}

/**
 * Defaults fit a full Sentinel-2 tile (10980², 13 bands) with room to spare, and a 40,000² mosaic;
 * a declared 100k × 100k image is refused. 64 MiB per block is 32× a 512² tile of 4 × uint16.
 */
export const DEFAULT_TILE_BUDGETS: TileBudgets = {
  maxWidthPx: 65_536,
  maxHeightPx: 65_536,
  maxPixels: 1_600_000_000,
  maxBands: 64,
  maxDecodedBlockBytes: 64 * 1024 * 1024,
  maxIfds: 256,
  maxFileBytes: 16 * 1024 * 1024 * 1024,
};

export function resolveBudgets(overrides?: Partial<TileBudgets>): TileBudgets {
  const merged = { ...DEFAULT_TILE_BUDGETS, ...overrides };
  for (const [name, value] of Object.entries(merged)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`tile budget ${name} must be a positive number, got ${value}`);
  }
  return merged;
}
