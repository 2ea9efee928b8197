import dayjs, { type Dayjs } from 'dayjs';

/**
 * `Form.Item` props for an antd `DatePicker` (zh-CN via the ConfigProvider) whose form value is the ISO date string
 * 'YYYY-MM-DD' the API takes: `<Form.Item name="preferredDate" {...dateFieldProps}><DatePicker /></Form.Item>`.
 */
export const dateFieldProps = {
  getValueProps: (v: string | undefined | null) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined),
};
