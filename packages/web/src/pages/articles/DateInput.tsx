import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A date field whose form value stays a `YYYY-MM-DD` string (antd's DatePicker, zh-CN); empty: undefined. */
export function DateInput({ value, onChange, id }: { value?: string | null; onChange?: (v: string | undefined) => void; id?: string }) {
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
}
