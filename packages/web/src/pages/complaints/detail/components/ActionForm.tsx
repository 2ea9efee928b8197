import { Button, Form, type FormInstance } from 'antd';
import { type ReactNode, useState } from 'react';

export type Values = Record<string, unknown>;

export const required = [{ required: true }];

/**
 * A small inline form of the complaint detail: its fields and one button; the result replaces the complaint shown.
 * `form` when the caller fills fields in itself (defaults loaded later, fields depending on each other).
 */
export function ActionForm({
  name,
  label,
  children,
  onSubmit,
  danger,
  form: given,
  initialValues,
}: {
  name: string;
  label: string;
  children?: ReactNode;
  onSubmit: (v: Values) => Promise<unknown>;
  danger?: boolean;
  form?: FormInstance<Values>;
  initialValues?: Values;
}) {
  const [own] = Form.useForm<Values>();
  const form = given ?? own;
  const [busy, setBusy] = useState(false);
  return (
    <Form
      form={form}
      name={name}
      layout="vertical"
      initialValues={initialValues}
      onFinish={async (v) => {
        setBusy(true);
        try {
          await onSubmit(v);
          form.resetFields();
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
      <Button htmlType="submit" type={danger ? 'default' : 'primary'} danger={danger} loading={busy} block>
        {label}
      </Button>
    </Form>
  );
}
