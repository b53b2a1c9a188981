import { useEffect } from 'react';
import { Form, Input, Select } from 'antd';
import { LIMITS } from '../../../../contracts/limits';
import { ROLES } from '../../../../contracts/permissions';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import type { CreateUserBody, Role, UserView, UserWithPassword } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { outletNameWithCode, useOutletOptions } from '../../components/useOutletOptions';
import { LOCALES, useI18n, type Locale } from '../../i18n';

type Values = {
  username: string;
  displayName: string;
  roles: Role[];
  outletId?: string | null;
  phone?: string;
  email?: string;
  locale?: Locale;
  password?: string;
};

const blankToNull = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** Create (user = null) or edit a user. */
export function UserDrawer({
  open,
  user,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: UserView | null;
  onClose: () => void;
  onSaved: (oneTimePassword: string | null, user: UserView) => void;
}) {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const { saving, save } = useFormSave(form, (saved: UserWithPassword) => onSaved(saved.oneTimePassword, saved.user));
  const isEdit = !!user;
  const outlets = useOutletOptions(open && canAccess(me, 'outlets.read'), outletNameWithCode);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        outletId: user.outletId,
        phone: user.phone ?? undefined,
        email: user.email ?? undefined,
        locale: user.locale,
      });
    } else {
      form.setFieldsValue({ roles: [], locale: 'zh-CN' });
    }
  }, [open, user, form]);

  const submit = (values: Values) => {
    const common = {
      displayName: values.displayName.trim(),
      roles: values.roles,
      outletId: values.outletId ?? null,
      phone: blankToNull(values.phone),
      email: blankToNull(values.email),
      locale: values.locale,
    };
    if (user) return save(async () => ({ oneTimePassword: null, user: await api.users.update(user.id, common) }));
    const body: CreateUserBody = { username: values.username.trim(), ...common };
    if (values.password) body.password = values.password;
    return save(() => api.users.create(body), t('users.created'));
  };

  return (
    <FormDrawer open={open} title={isEdit ? t('users.edit') : t('users.create')} size={480} form={form} saving={saving} onClose={onClose} saveTestId="user-save">
      <Form form={form} layout="vertical" onFinish={submit} name="user-form">
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true },
            { min: LIMITS.usernameMin, max: LIMITS.usernameMax },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: 'a-z 0-9 . _ -' },
          ]}
        >
          <Input disabled={isEdit} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true }, { max: LIMITS.displayNameMax }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" options={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))} data-testid="user-roles" />
        </Form.Item>
        <Form.Item name="outletId" label={t('users.outlet')}>
          <Select allowClear loading={outlets.isFetching} showSearch={{ optionFilterProp: 'label' }} options={outlets.options} />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="locale" label={t('users.locale')}>
          <Select options={LOCALES.map((value) => ({ value, label: t(`locale.${value}`) }))} />
        </Form.Item>
        {isEdit ? null : (
          <Form.Item
            name="password"
            label={t('users.password')}
            extra={t('users.passwordHint')}
            rules={[
              { min: LIMITS.passwordMin, message: t('password.rule', { min: LIMITS.passwordMin }) },
              { max: LIMITS.passwordMax },
              {
                validator: (_, value: string | undefined) =>
                  !value || (/[A-Za-z]/.test(value) && /[0-9]/.test(value))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.rule', { min: LIMITS.passwordMin }))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
