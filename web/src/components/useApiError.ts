import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { isApiError } from '../api/client';
import { useI18n, type Locale, type MessageKey, type TFunction } from '../i18n';

/** Codes whose meaning is fixed: shown in the UI language. Others (validation, conflict) show the server's message. */
const LOCALIZED_CODES = new Set([
  'invalid_credentials',
  'account_locked',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'csrf_failed',
  'password_change_required',
  'not_found',
  'payload_too_large',
  'internal_error',
  'service_unavailable',
]);

/**
 * The text to show for an error: the server's `error.message`, except that in Chinese the
 * well-known codes are shown in Chinese (the server answers in English only).
 */
export function errorText(error: unknown, t: TFunction, locale: Locale): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return t('error.network');
    if (locale !== 'en' && LOCALIZED_CODES.has(error.code)) return t(`error.code.${error.code}` as MessageKey);
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

type NamePath = (string | number)[];

/** Turns an error detail path into the form field it names (dropping a leading `body`). */
export function detailFieldPath(path: readonly (string | number)[]): NamePath {
  const rest = path[0] === 'body' ? path.slice(1) : [...path];
  return rest;
}

/**
 * Maps an API error onto a form: every `details[].path` that names a field of the form
 * gets the server's message under that field (or its top-level field, e.g. `roles` for
 * `["roles", 0]`). Returns the details that matched no field.
 */
export function applyErrorToForm(form: FormInstance, error: unknown): { matched: number } {
  if (!isApiError(error) || error.details.length === 0) return { matched: 0 };
  const known = form.getFieldsError().map((field) => JSON.stringify(field.name));
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  let matched = 0;
  for (const detail of error.details) {
    const full = detailFieldPath(detail.path);
    const candidates: NamePath[] = [full, full.slice(0, 1)];
    const name = candidates.find((candidate) => candidate.length > 0 && known.includes(JSON.stringify(candidate)));
    if (!name) continue;
    matched += 1;
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    byField.set(key, entry);
  }
  if (byField.size > 0) form.setFields([...byField.values()]);
  return { matched };
}

/** A handler that shows the server's message (and maps field errors onto a form, if given). */
export function useApiError() {
  const { message } = App.useApp();
  const { t, locale } = useI18n();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (form && isApiError(error)) {
        // every problem shown under its field: no extra toast
        const { matched } = applyErrorToForm(form, error);
        if (matched > 0 && matched === error.details.length) return;
      }
      if (isApiError(error) && error.status === 401 && error.code === 'unauthorized') return; // the app returns to login
      void message.error(errorText(error, t, locale));
    },
    [message, t, locale],
  );
}
