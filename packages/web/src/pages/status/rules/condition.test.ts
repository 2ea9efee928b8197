import { RULE_SEEDS } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import { conditionText, cycleText, recordedByText, regulationText } from './condition.js';

const seed = (key: string) => {
  const r = RULE_SEEDS.find((s) => s.ruleKey === key);
  if (!r) throw new Error(key);
  return r;
};

describe('rule condition in Chinese', () => {
  it('water meters: DN bound, Q3 that holds when unknown, and the any-group', () => {
    expect(conditionText(seed('water_meter.limited_dn25').condition)).toBe('口径 ≤ DN25，且 常用流量 Q3 ≤ 16 m³/h（未知时视为满足）');
    expect(conditionText(seed('water_meter.limited_dn50').condition)).toBe(
      '口径 > DN25，且 口径 ≤ DN50，且 常用流量 Q3 ≤ 16 m³/h（未知时视为满足）',
    );
    expect(conditionText(seed('water_meter.periodic_large').condition)).toBe('口径 > DN50 或 常用流量 Q3 > 16 m³/h');
  });
  it('gas meters: the G bound comes from the current setting, media from the enum labels', () => {
    const settings = { 'status.gas_g_max': '16' };
    expect(conditionText(seed('gas_meter.limited_other_medium').condition, settings)).toBe(
      '规格 ≤ G16（状态设置），且 介质为人工煤气、液化石油气',
    );
    expect(conditionText(seed('gas_meter.periodic_large').condition, { 'status.gas_g_max': '25' })).toBe('规格 > G25（状态设置）');
    // settings not loaded yet: the key is shown rather than a guessed value
    expect(conditionText(seed('gas_meter.periodic_large').condition)).toBe('规格 > status.gas_g_max（状态设置）');
  });
  it('electricity meters: codes in Chinese; an empty condition covers the category', () => {
    expect(conditionText(seed('electricity_meter.mechanical_three_phase').condition)).toBe('类型为机械式，且 相线为三相');
    expect(conditionText(seed('electricity_meter.class_05s_02s').condition)).toBe('准确度等级为0.5S级、0.2S级、0.5级、0.2级');
    expect(conditionText(seed('electricity_meter.direct_class_1_2').condition)).toBe('全部（无附加条件）');
  });
  it('an any-group beside all-clauses is bracketed', () => {
    expect(
      conditionText({
        all: [{ attr: 'caliberDn', op: 'gte', value: 15 }],
        any: [
          { attr: 'q3', op: 'lt', value: 4 },
          { attr: 'phase', op: 'in', value: ['single'] },
        ],
      }),
    ).toBe('口径 ≥ DN15，且 （常用流量 Q3 < 4 m³/h 或 相线为单相）');
  });
  it('cycle, regulation and recorder labels', () => {
    expect(cycleText(72)).toBe('6年');
    expect(cycleText(6)).toBe('6个月');
    expect(cycleText(null)).toBe('不限期');
    expect(regulationText({ regulationId: 'JJG 443', edition: '2023' })).toBe('JJG 443-2023');
    expect(regulationText({ regulationId: 'JJG 971', edition: '' })).toBe('JJG 971');
    expect(recordedByText('user:admin')).toBe('admin');
    expect(recordedByText('seed')).toBe('初始目录');
  });
});
