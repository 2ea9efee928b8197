import { DEFAULT_VERIFICATION_SETTINGS } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { checkMeasurements, MeasurementShapeError } from './measurements.js';

const s = DEFAULT_VERIFICATION_SETTINGS.dispenser;

describe('dispenser measurement checks', () => {
  it('passes errors within ±0.30% and repeatability within 0.10%', () => {
    const r = checkMeasurements({ errors: [0.1, 0.12, 0.15, -0.2, -0.22, -0.18, 0.3, 0.25, 0.28] }, s);
    expect(r.ok).toBe(true);
    expect(r.points.map((p) => p.repeatability)).toEqual([0.05, 0.04, 0.05]);
  });
  it('flags an error beyond the MPE, naming the flow point', () => {
    const r = checkMeasurements({ points: [{ point: 'qmin', errors: [-0.31, -0.3, -0.29] }] }, s);
    expect(r.ok).toBe(false);
    expect(r.violation).toMatchObject({ kind: 'error', point: 'qmin', value: -0.31 });
    expect(r.violation?.reason).toContain('最小流量');
  });
  it('flags repeatability beyond 0.10%', () => {
    const r = checkMeasurements({ points: [{ point: 'qmax', errors: [0.0, 0.05, 0.12] }] }, s);
    expect(r.violation).toMatchObject({ kind: 'repeatability', point: 'qmax' });
    expect(checkMeasurements({ errors: [0.1, 0.1, 0.1], repeatability: 0.11 }, s).ok).toBe(false);
  });
  it('uses the configured limits (data, not constants)', () => {
    const loose = { ...s, mpePercent: 0.5 };
    expect(checkMeasurements({ errors: [0.4, 0.4, 0.4] }, loose).ok).toBe(true);
    expect(checkMeasurements({ errors: [0.4, 0.4, 0.4] }, s).ok).toBe(false);
  });
  it('rejects a wrong number of errors and unknown flow points', () => {
    expect(() => checkMeasurements({ errors: [0.1, 0.2] }, s)).toThrow(MeasurementShapeError);
    expect(() => checkMeasurements({ points: [{ point: 'q9', errors: [0.1] }] }, s)).toThrow(MeasurementShapeError);
  });
});
