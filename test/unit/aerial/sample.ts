// Test helper: reads the small real samples under data/samples/aerial (never the team's shared reference data, which users do not have).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromFile } from 'geotiff';
import { sensorTimingFrom, type SensorTiming } from '../../../src/core/aerial/sensor.js';

const root = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

export function s2Sensor(): SensorTiming {
  return sensorTimingFrom(JSON.parse(readFileSync(root('data/sensors/sentinel2-msi.json'), 'utf8')));
}

export async function readSampleBands(path: string): Promise<{ width: number; height: number; bands: Float32Array[]; resolution: number[] }> {
  const image = await (await fromFile(root(path))).getImage();
  const rasters = (await image.readRasters()) as unknown as ArrayLike<number>[];
  return { width: image.getWidth(), height: image.getHeight(), bands: Array.from(rasters, (r) => Float32Array.from(r)), resolution: image.getResolution() };
}
