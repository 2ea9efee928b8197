import { enumLabel, t } from '@qiangjian/shared';
import { Input, Select, type SelectProps } from 'antd';
import type { FilterField } from './FilterBar.js';

type FilterSelectProps<V> = Omit<SelectProps<V>, 'style'> & { width?: number };

/** A filter's select: clearable, 全部 when empty, searchable by label when `showSearch`. */
export function FilterSelect<V = string>({ width = 140, ...props }: FilterSelectProps<V>) {
  return (
    <Select<V>
      allowClear
      placeholder={t('pages.common.all')}
      optionFilterProp="label"
      style={props.mode ? { minWidth: width } : { width }}
      {...props}
    />
  );
}

/** A filter over an enum: `<EnumSelect enumName="orgKind" values={ORG_KINDS} />` (labels from `enum.<name>.*`). */
export function EnumSelect<V extends string>({
  enumName,
  values,
  ...props
}: Omit<FilterSelectProps<V>, 'options'> & { enumName: string; values: readonly V[] }) {
  return <FilterSelect<V> {...props} options={values.map((v) => ({ value: v, label: enumLabel(enumName, v) }))} />;
}

/** The free-text filter (`q`): 查询 label unless told, a placeholder saying what it searches. */
export function searchField(placeholder: string, opts: { label?: string; width?: number } = {}): FilterField {
  return {
    name: 'q',
    label: opts.label ?? t('pages.common.search'),
    input: <Input allowClear placeholder={placeholder} style={{ width: opts.width ?? 200 }} />,
  };
}
