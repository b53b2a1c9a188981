import { useState, type ReactNode } from 'react';
import { App, Button, Drawer, Space, type FormInstance } from 'antd';
import { useT } from '../i18n';
import { useApiError } from './useApiError';

/**
 * The save of a create/edit form: `saving` while the call runs, then 已保存 (or `savedText`, or the
 * text given to that `save`) and `onSaved` with what the call answered, or the server's field
 * errors onto the form (other errors as a message). `mapError` may first move error paths onto
 * the form's own field names.
 */
export function useFormSave<R = unknown>(form: FormInstance, onSaved: (result: R) => void, savedText?: string, mapError?: (error: unknown) => unknown) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [saving, setSaving] = useState(false);
  const save = async (call: () => Promise<R>, text?: string) => {
    setSaving(true);
    try {
      const result = await call();
      void message.success(text ?? savedText ?? t('common.saved'));
      onSaved(result);
    } catch (error) {
      handleError(mapError ? mapError(error) : error, form);
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}

/** A create/edit drawer: 取消 and 保存 (submits `form`) at the top; rendered while closed so the form exists. */
export function FormDrawer({
  open,
  title,
  size,
  form,
  saving,
  onClose,
  saveTestId,
  children,
}: {
  open: boolean;
  title: ReactNode;
  size: number;
  form: FormInstance;
  saving: boolean;
  onClose: () => void;
  /** A test id on the 保存 button. */
  saveTestId?: string;
  children: ReactNode;
}) {
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
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
