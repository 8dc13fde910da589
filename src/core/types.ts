// Shared domain types: ids, grids and rasters. Pure data, no behaviour.
import type { Polygon, MultiPolygon, LineString } from 'geojson';

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type SegmentId = Brand<string, 'SegmentId'>;
export type TileId = Brand<string, 'TileId'>;
export type Fingerprint = Brand<string, 'Fingerprint'>;

/** An EPSG code as proj4 knows it, e.g. 'EPSG:4326', 'EPSG:32642'. */
export type CrsCode = Brand<string, 'CrsCode'>;

/**
 * GDAL-order affine geotransform from pixel (col,row) corner coordinates to CRS (x,y):
 * x = t[0] + col*t[1] + row*t[2];  y = t[3] + col*t[4] + row*t[5].
 */
export type GeoTransform = readonly [number, number, number, number, number, number];

/** A raster grid: size in pixels, where it is, and in which CRS. */
export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly transform: GeoTransform;
  readonly crs: CrsCode;
}

/** A pixel window of a grid: [col0, col0+width) × [row0, row0+height). */
export interface PixelWindow {
  readonly col0: number;
  readonly row0: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A multi-band raster with its grid and its validity mask travelling together.
 * `observed[i] === 1` means pixel i was seen (not nodata, not NaN, not outside the tile,
 * not masked as cloud); 0 means "not observed", which is never change.
 */
export interface Raster {
  readonly grid: Grid;
  readonly bands: Float32Array[];
  readonly observed: Uint8Array;
}

export type BorderSide = 'left' | 'right';

/**
 * A watched piece of border. `line` and `sides` are present when the segment was cut from a
 * border line; plain watch areas (a crossing zone) have only `corridor`.
 * Geometry is WGS 84 lon/lat (RFC 7946).
 */
export interface BorderSegment {
  readonly id: SegmentId;
  readonly name?: string;
  /** Id of the border line this was cut from, e.g. 'KAZ-643'. */
  readonly borderId?: string;
  readonly corridor: Polygon | MultiPolygon;
  readonly line?: LineString;
  /** Left/right are relative to the line's direction (its vertex order). */
  readonly sides?: { readonly left: Polygon | MultiPolygon; readonly right: Polygon | MultiPolygon };
  /** Who is on each side, when known (e.g. left: 'Kazakhstan', right: 'Russia'). */
  readonly sideNames?: { readonly left?: string; readonly right?: string };
  readonly lengthM?: number;
  readonly corridorHalfWidthM?: number;
  /** Per-segment watch parameters (overrides of the scan defaults). */
  readonly params?: { readonly minAreaM2?: number; readonly threshold?: number };
}

/** Facts about one change piece relative to its segment's border line. */
export interface BorderFacts {
  readonly side: BorderSide | null;
  readonly sideName: string | null;
  readonly distanceToLineM: number | null;
  readonly crossesLine: boolean | null;
}
