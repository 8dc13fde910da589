// Sensor band timing (data/sensors/*.json) as a typed value, and the orbit geometry that turns an
// elevated object's height into apparent along-track motion. Pure: the JSON arrives already parsed.

export interface SensorOrbit {
  readonly altitudeM: number;
  readonly inclinationDeg: number;
  readonly subSatelliteGroundSpeedMps: number;
  readonly pass: 'descending' | 'ascending';
}

export interface SensorTiming {
  readonly sensor: string;
  /** Seconds after the first band for each band name ('B02' → 0). */
  readonly bandTimesS: Readonly<Record<string, number>>;
  readonly orbit: SensorOrbit;
}

const EARTH_RADIUS_M = 6_371_000;
const EARTH_ROTATION_RADPS = 7.2921159e-5;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positive(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`sensor timing: ${what} must be a positive number`);
  return v;
}

/** Validate a parsed sensor file (data/sensors/sentinel2-msi.json). A bad file is our bug, so it throws plainly. */
export function sensorTimingFrom(json: unknown): SensorTiming {
  if (!isRecord(json) || typeof json.sensor !== 'string') throw new Error('sensor timing: expected an object with a sensor name');
  const times = json.bandTimesS;
  if (!isRecord(times)) throw new Error('sensor timing: bandTimesS missing');
  const bandTimesS: Record<string, number> = {};
  for (const [band, t] of Object.entries(times)) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new Error(`sensor timing: time of ${band} must be a number ≥ 0`);
    bandTimesS[band] = t;
  }
  const orbit = json.orbit;
  if (!isRecord(orbit)) throw new Error('sensor timing: orbit missing');
  const pass = orbit.pass === 'ascending' ? 'ascending' : 'descending';
  return {
    sensor: json.sensor,
    bandTimesS,
    orbit: {
      altitudeM: positive(orbit.altitudeM, 'orbit.altitudeM'),
      inclinationDeg: positive(orbit.inclinationDeg, 'orbit.inclinationDeg'),
      subSatelliteGroundSpeedMps: positive(orbit.subSatelliteGroundSpeedMps, 'orbit.subSatelliteGroundSpeedMps'),
      pass,
    },
  };
}

/**
 * Azimuth (degrees clockwise from true north) of the satellite's ground track at a latitude:
 * inertial track azimuth from the inclination, then Earth's rotation subtracted. For Sentinel-2
 * descending this gives ≈192.5° at the equator and ≈196° at 50°N (the anchor note's figures).
 */
export function groundTrackAzimuthDeg(latDeg: number, orbit: SensorOrbit): number {
  const lat = (latDeg * Math.PI) / 180;
  const inc = (orbit.inclinationDeg * Math.PI) / 180;
  const s = Math.max(-1, Math.min(1, Math.cos(inc) / Math.cos(lat)));
  const inertialAz = orbit.pass === 'descending' ? Math.PI - Math.asin(s) : Math.asin(s);
  const v = orbit.subSatelliteGroundSpeedMps;
  const east = v * Math.sin(inertialAz) - EARTH_ROTATION_RADPS * EARTH_RADIUS_M * Math.cos(lat);
  const north = v * Math.cos(inertialAz);
  return ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
}

/**
 * Apparent velocity (east, north in m/s) that height alone adds to an object: the later bands look
 * further back along the track, so an elevated object drifts against the satellite's motion by
 * (h/H)·Vg — ≈8.45 m/s per km for Sentinel-2. `trackAzimuthDeg` must be in the same frame as the
 * velocities it is combined with (grid or true north).
 */
export function parallaxVelocityMps(heightM: number, orbit: SensorOrbit, trackAzimuthDeg: number): [number, number] {
  const speed = (heightM / orbit.altitudeM) * orbit.subSatelliteGroundSpeedMps;
  const az = (trackAzimuthDeg * Math.PI) / 180;
  return [-speed * Math.sin(az), -speed * Math.cos(az)];
}
