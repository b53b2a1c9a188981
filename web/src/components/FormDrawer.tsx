import { useState, type ReactNode } from 'react';
import { App, Button, Drawer, Space, type FormInstance } from 'antd';
import { useT } from '../i18n';
import { useApiError } from './useApiError';

/**
 * The save of a create/edit form: `saving` while the call runs, then 已保存 (or `savedText`) and
 * `onSaved`, or the server's field errors onto the form (other errors as a message).
 */
export function useFormSave(form: FormInstance, onSaved: () => void, savedText?: string) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [saving, setSaving] = useState(false);
  const save = async (call: () => Promise<unknown>) => {
    setSaving(true);
    try {
      await call();
      void message.success(savedText ?? t('common.saved'));
      onSaved();
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}

/** A create/edit drawer: 取消 and 保存 (submits `form`) at the top; rendered while closed so the form exists. */
export function FormDrawer({ open, title, size, form, saving, onClose, children }: { open: boolean; title: ReactNode; size: number; form: FormInstance; saving: boolean; onClose: () => void; children: ReactNode }) {
  const t = useT();
  return (
    <Drawer
      open={open}
      title={title}
      size={size}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
