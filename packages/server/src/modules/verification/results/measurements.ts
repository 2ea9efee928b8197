import type { TDispenserCheckSettings, TDispenserMeasurements } from '@qiangjian/shared';
import { t } from '@qiangjian/shared';

/**
 * Pure checks of dispenser measurements (docs/domain/regulations.md §2): at each flow point, every error |E| ≤ MPE
 * and repeatability (Emax − Emin) ≤ the limit. Limits and flow points come from the settings.
 */
export interface PointResult {
  point: string;
  errors: number[];
  repeatability: number | null;
}
export interface MeasurementCheck {
  points: PointResult[];
  /** Repeatability given directly (results sheet 重复性). */
  repeatability: number | null;
  ok: boolean;
  /** First violation, in Chinese, when not ok. */
  violation: { reason: string; point: string; value: number; limit: number; kind: 'error' | 'repeatability' } | null;
}

export class MeasurementShapeError extends Error {}

const round = (x: number) => Math.round(x * 10000) / 10000;

export function normalizeMeasurements(
  m: TDispenserMeasurements,
  s: TDispenserCheckSettings,
): { points: PointResult[]; repeatability: number | null } {
  const points: PointResult[] = [];
  if (m.points?.length) {
    for (const p of m.points) {
      if (!s.flowPoints.includes(p.point)) throw new MeasurementShapeError(t('verification.measurement.unknownPoint', { point: p.point }));
      points.push({
        point: p.point,
        errors: p.errors,
        repeatability: p.errors.length > 1 ? round(Math.max(...p.errors) - Math.min(...p.errors)) : null,
      });
    }
  } else if (m.errors?.length) {
    const n = m.errors.length;
    if (n === s.flowPoints.length * s.errorsPerPoint) {
      s.flowPoints.forEach((point, i) => {
        const errors = (m.errors as number[]).slice(i * s.errorsPerPoint, (i + 1) * s.errorsPerPoint);
        points.push({ point, errors, repeatability: errors.length > 1 ? round(Math.max(...errors) - Math.min(...errors)) : null });
      });
    } else if (n === s.flowPoints.length) {
      // one error per flow point: repeatability must come separately
      for (const [i, point] of s.flowPoints.entries())
        points.push({ point, errors: [(m.errors as number[])[i] as number], repeatability: null });
    } else {
      throw new MeasurementShapeError(
        t('verification.measurement.wrongCount', {
          expected: s.flowPoints.length * s.errorsPerPoint,
          points: s.flowPoints.length,
          perPoint: s.errorsPerPoint,
          actual: n,
        }),
      );
    }
  }
  return { points, repeatability: m.repeatability ?? null };
}

export function checkMeasurements(m: TDispenserMeasurements, s: TDispenserCheckSettings): MeasurementCheck {
  const { points, repeatability } = normalizeMeasurements(m, s);
  const EPS = 1e-9;
  for (const p of points) {
    for (const e of p.errors) {
      if (Math.abs(e) > s.mpePercent + EPS) {
        return {
          points,
          repeatability,
          ok: false,
          violation: {
            kind: 'error',
            point: p.point,
            value: e,
            limit: s.mpePercent,
            reason: t('verification.measurement.errorOutOfLimit', {
              point: t(`verification.flowPoint.${p.point}`),
              value: e,
              limit: s.mpePercent,
            }),
          },
        };
      }
    }
  }
  const reps: { point: string; value: number }[] = points
    .filter((p) => p.repeatability !== null)
    .map((p) => ({ point: p.point, value: p.repeatability as number }));
  if (repeatability !== null) reps.push({ point: '-', value: repeatability });
  for (const r of reps) {
    if (r.value > s.repeatabilityPercent + EPS) {
      return {
        points,
        repeatability,
        ok: false,
        violation: {
          kind: 'repeatability',
          point: r.point,
          value: r.value,
          limit: s.repeatabilityPercent,
          reason: t('verification.measurement.repeatabilityOutOfLimit', {
            point: r.point === '-' ? '' : t(`verification.flowPoint.${r.point}`),
            value: r.value,
            limit: s.repeatabilityPercent,
          }),
        },
      };
    }
  }
  return { points, repeatability, ok: true, violation: null };
}
