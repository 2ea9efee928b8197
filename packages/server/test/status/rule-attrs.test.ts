import { ASSUMED_ATTRIBUTES } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import { type InstrumentAttrsRow, ruleAttrsOf } from '../../src/modules/status/status.api.js';
import { normalizeAttrs } from '../../src/modules/status/status.rules.js';

const row = (o: Partial<InstrumentAttrsRow> = {}): InstrumentAttrsRow => ({
  category: 'water_meter',
  instrument_name: null,
  catalogue_type: null,
  caliber_dn: null,
  q3: null,
  g_rating: null,
  gas_medium: null,
  accuracy_class: null,
  install_date: null,
  first_use_date: null,
  ledger_state: 'filed',
  removal_date: null,
  created_at: null,
  ...o,
});

describe('ruleAttrsOf: the one instrument row → rule attributes mapping', () => {
  it('maps every column the rules and the status read', () => {
    expect(
      ruleAttrsOf(
        row({
          category: 'gas_meter',
          instrument_name: '膜式燃气表',
          catalogue_type: '燃气表',
          caliber_dn: 20,
          q3: 4,
          g_rating: 'G2.5',
          gas_medium: '天然气',
          accuracy_class: '1.5',
          install_date: '2023-01-02',
          first_use_date: '2023-01-03',
          ledger_state: 'removed',
          removal_date: '2024-05-06',
          created_at: '2022-12-31T16:00:00.000Z',
        }),
      ),
    ).toEqual({
      category: 'gas_meter',
      instrumentName: '膜式燃气表',
      catalogueType: '燃气表',
      caliberDn: 20,
      q3: 4,
      gRating: 'G2.5',
      gasMedium: '天然气',
      accuracyClass: '1.5',
      installDate: '2023-01-02',
      firstUseDate: '2023-01-03',
      ledgerState: 'removed',
      removalDate: '2024-05-06',
      createdOn: '2022-12-31',
    });
  });

  it('keeps nulls null (household defaults are the rules’ business) and numbers as numbers', () => {
    const a = ruleAttrsOf(row());
    expect(a).toMatchObject({ caliberDn: null, q3: null, createdOn: null });
    expect(normalizeAttrs(a)).toMatchObject({ caliberDn: ASSUMED_ATTRIBUTES.water_meter.caliberDn, assumed: true });
    expect(ruleAttrsOf(row({ caliber_dn: '25' as unknown as number, q3: '6.3' as unknown as number }))).toMatchObject({
      caliberDn: 25,
      q3: 6.3,
    });
  });
});
