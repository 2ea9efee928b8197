import { enumLabel, type TTarget, t } from '@qiangjian/shared';
import { Typography } from 'antd';

/** The risk score's terms of a target, one line each: input, value × points per unit = points (cap). */
export function RiskTerms({ target }: { target: TTarget }) {
  return (
    <div style={{ fontSize: 12, lineHeight: 1.6 }}>
      {target.riskTerms.map((x) => (
        <div key={x.input}>
          {t('pages.registers.targets.riskTerm', {
            input: enumLabel('riskInput', x.input),
            value: x.value,
            perUnit: x.pointsPerUnit,
            points: x.points,
            max: x.maxPoints,
          })}
        </div>
      ))}
      <Typography.Text type="secondary">{t('pages.registers.targets.riskVersion', { version: target.riskVersion })}</Typography.Text>
    </div>
  );
}
