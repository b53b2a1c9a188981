import { Segmented } from 'antd';
import { useAuth } from '../auth/AuthContext';
import { LOCALES, useI18n, type Locale } from '../i18n';

/** 中文 / English switch; when signed in the choice is saved for the user. */
export function LanguageSwitch({ size }: { size?: 'small' | 'middle' | 'large' }) {
  const { locale, t } = useI18n();
  const { changeLocale } = useAuth();
  return (
    <Segmented<Locale>
      size={size}
      value={locale}
      options={LOCALES.map((value) => ({ value, label: t(`locale.${value}`) }))}
      onChange={(value) => void changeLocale(value)}
      aria-label={t('user.menu.language')}
    />
  );
}
