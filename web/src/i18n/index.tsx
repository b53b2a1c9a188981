import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ROLE_LABELS, type Role } from '../../../contracts/permissions';
import type { TLocale } from '../../../contracts/common';
import { setClientLocale } from '../api/client';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type { MessageKey };
export type Locale = TLocale;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'aftersales.locale';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Looks a key up in a dictionary and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = DICTIONARIES[locale][key] ?? zhCN[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/** The language chosen before sign-in (remembered in this browser). */
export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage may be unavailable (private mode); the choice then lasts for this page only
  }
}

type I18nValue = {
  locale: Locale;
  /** Switches the UI language (and remembers it in this browser). */
  setLocale: (locale: Locale) => void;
  t: TFunction;
  roleLabel: (role: Role) => string;
  /** `permission.<name>` from the dictionary, or the raw name for a permission added later. */
  permissionLabel: (permission: string) => string;
};

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = initialLocale ?? storedLocale();
    setClientLocale(first);
    return first;
  });

  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    setClientLocale(locale);
    document.documentElement.lang = locale;
    document.title = `${translate(locale, 'app.name')}${locale === 'zh-CN' ? ' · Aftersales' : ''}`;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      roleLabel: (role) => (locale === 'zh-CN' ? ROLE_LABELS[role]?.zh : ROLE_LABELS[role]?.en) ?? role,
      permissionLabel: (permission) => {
        const key = `permission.${permission}`;
        return key in zhCN ? translate(locale, key as MessageKey) : permission;
      },
    }),
    [locale, setLocale],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/** The typed translate function of the current language. */
export function useT(): TFunction {
  return useI18n().t;
}
