import { useState } from 'react';
import { Button, Form, Input } from 'antd-mobile';
import { portalApi, setPortalCsrfToken } from './api';
import { usePortalI18n } from './i18n';
import { CODE_RESEND_SECONDS, codeRequestError, errorText, isValidMobile, signInError, useCountdown } from './logic';

/**
 * Phone + SMS code. After a successful send (and after a 429 "Wait N seconds") the button counts
 * down; a wrong code says how many tries are left; after 5 the code is dead and a new one is needed.
 */
export function LoginView({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, locale } = usePortalI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sending, setSending] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [wrongTries, setWrongTries] = useState(0);
  const [codeDead, setCodeDead] = useState(false);
  const countdown = useCountdown();

  const cleanPhone = phone.replace(/\s+/g, '');

  const sendCode = async () => {
    setError(null);
    setInfo(null);
    if (!isValidMobile(cleanPhone)) {
      setError(t('error.phoneInvalid'));
      return;
    }
    setSending(true);
    try {
      await portalApi.requestCode(cleanPhone);
      countdown.start(CODE_RESEND_SECONDS);
      setWrongTries(0);
      setCodeDead(false);
      setCode('');
      setInfo(t('login.sent'));
    } catch (cause) {
      const mapped = codeRequestError(cause);
      if (mapped.waitSeconds) countdown.start(mapped.waitSeconds);
      setError(errorText(locale, mapped));
    } finally {
      setSending(false);
    }
  };

  const verify = async () => {
    setError(null);
    setInfo(null);
    if (!isValidMobile(cleanPhone)) {
      setError(t('error.phoneInvalid'));
      return;
    }
    if (!/^\d{6}$/.test(code.trim())) {
      setError(t('error.codeFormat'));
      return;
    }
    setVerifying(true);
    try {
      const session = await portalApi.signIn(cleanPhone, code.trim());
      setPortalCsrfToken(session.csrfToken);
      onSignedIn();
    } catch (cause) {
      const tries = wrongTries + 1;
      const mapped = signInError(cause, tries);
      if (mapped.wrongCode) setWrongTries(tries);
      if (mapped.dead) setCodeDead(true);
      setError(errorText(locale, mapped));
    } finally {
      setVerifying(false);
    }
  };

  const codeButton = (
    <Button size="small" color="primary" fill="outline" data-testid="portal-get-code" loading={sending} disabled={countdown.left > 0 || sending} onClick={() => void sendCode()}>
      {countdown.left > 0 ? t('login.resendIn', { seconds: countdown.left }) : t('login.getCode')}
    </Button>
  );

  return (
    <div className="portal-section" data-testid="portal-login">
      <div className="portal-hint">{t('login.hint')}</div>
      <Form layout="vertical" onFinish={() => void verify()}>
        <Form.Item label={t('login.phone')}>
          <Input
            type="tel"
            inputMode="numeric"
            maxLength={11}
            clearable
            autoComplete="tel"
            placeholder={t('login.phonePlaceholder')}
            aria-label={t('login.phone')}
            data-testid="portal-phone"
            value={phone}
            onChange={(value) => setPhone(value.replace(/[^\d]/g, ''))}
          />
        </Form.Item>
        <Form.Item label={t('login.code')} extra={codeButton}>
          <Input
            inputMode="numeric"
            maxLength={6}
            autoComplete="one-time-code"
            placeholder={t('login.codePlaceholder')}
            aria-label={t('login.code')}
            data-testid="portal-code"
            value={code}
            onChange={(value) => setCode(value.replace(/[^\d]/g, ''))}
            onEnterPress={() => void verify()}
          />
        </Form.Item>
      </Form>
      {error && (
        <div className="portal-error" role="alert" data-testid="portal-login-error">
          {error}
        </div>
      )}
      {info && !error && (
        <div className="portal-success" data-testid="portal-login-info">
          {info}
        </div>
      )}
      <div className="portal-actions">
        <Button block color="primary" size="large" data-testid="portal-sign-in" loading={verifying} disabled={codeDead || verifying} onClick={() => void verify()}>
          {t('login.submit')}
        </Button>
      </div>
    </div>
  );
}
