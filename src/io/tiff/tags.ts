// TIFF and GeoTIFF tag numbers, field types and the codes we accept. One place for the magic numbers.

export const Tag = {
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalNodata: 42113,
} as const;

export const GeoKey = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GeographicType: 2048,
  ProjectedCSType: 3072,
} as const;

export const RASTER_PIXEL_IS_AREA = 1;
export const RASTER_PIXEL_IS_POINT = 2;
export const MODEL_PROJECTED = 1;
export const MODEL_GEOGRAPHIC = 2;
/** GeoTIFF's "user-defined" key value: a CRS without an EPSG code. */
export const USER_DEFINED = 32767;

/** Byte size of one value of each TIFF field type (TIFF 6.0 + BigTIFF). */
export const FIELD_TYPE_BYTES: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

export const COMPRESSION_NONE = 1;
export const COMPRESSION_LZW = 5;
export const COMPRESSION_DEFLATE = 8;
export const COMPRESSION_ADOBE_DEFLATE = 32946;
export const COMPRESSION_PACKBITS = 32773;

/** Compressions geotiff.js (or our own zlib decoder) decodes losslessly and correctly in Node. */
export const SUPPORTED_COMPRESSIONS: ReadonlySet<number> = new Set([
  COMPRESSION_NONE,
  COMPRESSION_LZW,
  COMPRESSION_DEFLATE,
  COMPRESSION_ADOBE_DEFLATE,
  COMPRESSION_PACKBITS,
]);

/** Names for the error message when a compression is refused. */
export const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  2: 'CCITT RLE',
  3: 'CCITT Group 3 fax',
  4: 'CCITT Group 4 fax',
  6: 'old-style JPEG',
  7: 'JPEG (lossy)',
  34661: 'JBIG',
  34676: 'SGI LogLuv',
  34712: 'JPEG 2000',
  34887: 'LERC',
  34925: 'LZMA',
  50000: 'ZSTD',
  50001: 'WebP',
  50002: 'JPEG XL',
};
