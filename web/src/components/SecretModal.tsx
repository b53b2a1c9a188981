import { Alert, Button, Input, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useT } from '../i18n';

type Props = {
  open: boolean;
  title: string;
  /** Label above the secret. */
  label: string;
  hint: string;
  secret: string | null;
  onClose: () => void;
};

/** Shows a secret (one-time password, API token) exactly once, with a copy button. */
export function SecretModal({ open, title, label, hint, secret, onClose }: Props) {
  const t = useT();
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      afterClose={() => setCopied(false)}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-close">
          {t('common.close')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Alert type="warning" showIcon title={hint} />
        <Typography.Text strong>{label}</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={secret ?? ''} data-testid="secret-value" style={{ fontFamily: 'monospace' }} />
          <Button icon={<CopyOutlined />} onClick={copy}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}
