// The band-offset motion model: copies of a mover sit at r_b = r0 + v·t_b. Least squares over the
// bands gives velocity, the position at t = 0, and a residual — the "rainbow test".

export interface TimedPoint {
  readonly tS: number;
  /** Metric coordinates in the grid frame: x east, y north (metres). */
  readonly xM: number;
  readonly yM: number;
}

export interface MotionFit {
  readonly x0M: number;
  readonly y0M: number;
  readonly vxMps: number;
  readonly vyMps: number;
  /** RMS distance of the copies from the fitted line, metres. */
  readonly residualRmsM: number;
}

/** Straight-line fit r(t) = r0 + v·t; needs at least two distinct times. */
export function fitMotion(points: readonly TimedPoint[]): MotionFit {
  const n = points.length;
  let tm = 0, xm = 0, ym = 0;
  for (const p of points) {
    tm += p.tS;
    xm += p.xM;
    ym += p.yM;
  }
  tm /= n; xm /= n; ym /= n;
  let stt = 0, stx = 0, sty = 0;
  for (const p of points) {
    const dt = p.tS - tm;
    stt += dt * dt;
    stx += dt * (p.xM - xm);
    sty += dt * (p.yM - ym);
  }
  if (stt <= 0) throw new Error('fitMotion: needs at least two distinct band times');
  const vx = stx / stt;
  const vy = sty / stt;
  const x0 = xm - vx * tm;
  const y0 = ym - vy * tm;
  let ss = 0;
  for (const p of points) ss += (p.xM - (x0 + vx * p.tS)) ** 2 + (p.yM - (y0 + vy * p.tS)) ** 2;
  return { x0M: x0, y0M: y0, vxMps: vx, vyMps: vy, residualRmsM: Math.sqrt(ss / n) };
}

/** Degrees clockwise from (grid) north of a velocity, in [0, 360). */
export function headingDegOf(eastMps: number, northMps: number): number {
  return ((Math.atan2(eastMps, northMps) * 180) / Math.PI + 360) % 360;
}
