import { enumLabel, type TTarget, t } from '@qiangjian/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';

/**
 * The risk score's inputs of a target, compact (input value → points), with the full formula of each term
 * (value × points per unit = points, cap) and the formula version in the tooltip.
 */
export function RiskTerms({ target }: { target: TTarget }) {
  const detail = (
    <div>
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
      <div>{t('pages.registers.targets.riskVersion', { version: target.riskVersion })}</div>
    </div>
  );
  return (
    <Tooltip title={detail}>
      <Space size={[4, 4]} wrap style={{ maxWidth: 300 }}>
        {target.riskTerms.map((x) => (
          <Tag key={x.input} style={{ marginInlineEnd: 0 }}>
            <Typography.Text style={{ fontSize: 12 }}>
              {t('pages.registers.targets.riskShort', { input: enumLabel('riskInputShort', x.input), value: x.value, points: x.points })}
            </Typography.Text>
          </Tag>
        ))}
      </Space>
    </Tooltip>
  );
}
