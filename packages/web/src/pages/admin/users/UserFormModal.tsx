import { enumLabel, MAX_USERNAME, PASSWORD_MIN_LENGTH, ROLES, type Role, TOTP_ROLES, type TUser, t } from '@qiangjian/shared';
import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { OrgSelect } from '../../../components/OrgSelect.js';
import { ApiError } from '../../../services/api.js';
import { applyFormError } from '../../../services/form-errors.js';
import { createUser, updateUser } from '../../../services/orgs.js';

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  password?: string;
  disabled?: boolean;
  resetPassword?: string;
  resetTotp?: boolean;
}

const FIELDS = ['username', 'displayName', 'role', 'orgId', 'password', 'disabled', 'resetPassword'];
const ALIAS = { org: 'orgId', newPassword: 'password' };

/** Create (POST /users) or edit (PATCH /users/:id: displayName, role, disabled, resetPassword). */
export function UserFormModal(props: { user: TUser | null; onClose: () => void; onSaved: (u: TUser) => void }) {
  const { user } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const [saving, setSaving] = useState(false);
  const passwordRules = [{ min: PASSWORD_MIN_LENGTH, message: t('pages.changePassword.tooShort', { min: PASSWORD_MIN_LENGTH }) }];

  const submit = async () => {
    let v: UserForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const saved = user
        ? await updateUser(user.id, {
            displayName: v.displayName.trim(),
            role: v.role,
            disabled: !!v.disabled,
            ...(v.resetPassword ? { resetPassword: v.resetPassword } : {}),
            ...(v.resetTotp ? { resetTotp: true as const } : {}),
          })
        : await createUser({
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            role: v.role,
            orgId: v.orgId,
            password: v.password ?? '',
          });
      void message.success(user ? t('pages.common.saved') : t('pages.common.created'));
      props.onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'role_org_mismatch') {
        form.setFields([{ name: 'role', errors: [e.message] }]);
      } else if (e instanceof ApiError && e.code === 'password_policy') {
        form.setFields([{ name: user ? 'resetPassword' : 'password', errors: [e.message] }]);
      } else {
        applyFormError(form, e, FIELDS, ALIAS);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={user ? t('pages.users.editTitle') : t('pages.users.createTitle')}
      okText={t('pages.common.save')}
      cancelText={t('pages.common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<UserForm>
        name="user"
        form={form}
        layout="vertical"
        initialValues={
          user
            ? { username: user.username, displayName: user.displayName, role: user.role, orgId: user.orgId, disabled: user.disabled }
            : {}
        }
      >
        <Form.Item
          label={t('pages.users.username')}
          name="username"
          extra={user ? undefined : t('pages.users.usernameHelp')}
          rules={[
            { required: true, whitespace: true, message: t('pages.users.required') },
            { pattern: /^[A-Za-z0-9_.-]{2,}$/, message: t('pages.users.usernameInvalid') },
            { max: MAX_USERNAME, message: t('field.tooLong', { max: MAX_USERNAME }) },
          ]}
        >
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('pages.users.displayName')}
          name="displayName"
          rules={[{ required: true, whitespace: true, message: t('pages.users.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label={t('pages.users.org')} name="orgId" rules={[{ required: true, message: t('pages.users.required') }]}>
          <OrgSelect
            disabled={!!user}
            placeholder={t('pages.users.orgPlaceholder')}
            initialOrg={user ? { id: user.orgId, name: user.orgName } : undefined}
          />
        </Form.Item>
        <Form.Item label={t('pages.users.role')} name="role" rules={[{ required: true, message: t('pages.users.required') }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: enumLabel('role', r) }))} />
        </Form.Item>
        {!user && (
          <>
            <Alert type="info" title={t('pages.users.roleOrgHint')} style={{ marginBottom: 16 }} />
            <Form.Item
              label={t('pages.users.password')}
              name="password"
              extra={t('pages.users.passwordPolicy', { min: PASSWORD_MIN_LENGTH })}
              rules={[{ required: true, message: t('pages.users.required') }, ...passwordRules]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {user && (
          <>
            <Form.Item label={t('pages.users.disabled')} name="disabled" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item
              label={t('pages.users.resetPassword')}
              name="resetPassword"
              extra={t('pages.users.resetPasswordHelp')}
              rules={passwordRules}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            {TOTP_ROLES.includes(user.role) && (
              <Form.Item label={t('pages.users.resetTotp')} name="resetTotp" valuePropName="checked" extra={t('pages.users.resetTotpHelp')}>
                <Switch />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
