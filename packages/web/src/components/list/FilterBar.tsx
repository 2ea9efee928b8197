import { FilterOutlined } from '@ant-design/icons';
import { t } from '@qiangjian/shared';
import { Button, Card, Form, Grid } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';

export interface FilterBarProps<V extends object> {
  /** Unique form name: field ids are `<name>_<field>` (labels, e2e selectors). */
  name: string;
  /** The values the filters stand at (from the URL); the form follows them on reload and Back/Forward. */
  values: V;
  /** 查询 (and every change when `instant`): the caller goes back to page 1. */
  onSearch: (values: V) => void;
  /** 重置: clears every filter, back to page 1. */
  onReset: () => void;
  /** Search on every change (selects and checkboxes only) instead of waiting for 查询. */
  instant?: boolean;
  /** The filters, one `Form.Item` each. */
  fields: FilterField[];
}

/** One filter: the form field `name` (also its URL parameter unless the page maps it), its label and its input. */
export interface FilterField {
  name: string;
  label?: string;
  input: ReactNode;
  /** 'checked' for a Checkbox. */
  valuePropName?: string;
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0);

/**
 * The filter card above a list: an inline form with 查询 / 重置. On a phone it starts folded behind a 筛选 button
 * that counts the filters in force, so the list is what the user sees first.
 */
export function FilterBar<V extends object>({ name, values, onSearch, onReset, instant, fields }: FilterBarProps<V>) {
  const [form] = Form.useForm<V>();
  const narrow = Grid.useBreakpoint().md === false;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
  }, [form, values]);
  const active = fields.filter((f) => isSet((values as Record<string, unknown>)[f.name])).length;
  const folded = narrow && !open;
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: folded ? undefined : 4 } }} size={narrow ? 'small' : undefined}>
      {narrow && (
        <Button
          icon={<FilterOutlined />}
          type={active ? 'primary' : 'default'}
          ghost={!!active}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          style={folded ? undefined : { marginBottom: 12 }}
        >
          {active ? t('pages.common.filtersActive', { n: active }) : t('pages.common.filters')}
        </Button>
      )}
      <Form<V>
        name={name}
        form={form}
        layout="inline"
        style={folded ? { display: 'none' } : undefined}
        className="qj-filters"
        onFinish={onSearch}
        onValuesChange={instant ? (_, all) => onSearch(all) : undefined}
      >
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} valuePropName={f.valuePropName}>
            {f.input}
          </Form.Item>
        ))}
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('pages.common.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              onReset();
            }}
          >
            {t('pages.common.reset')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
