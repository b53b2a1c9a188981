import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { isApiError } from '../api/client';
import { useT } from '../i18n';

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
  const t = useT();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (form) applyErrorToForm(form, error);
      if (isApiError(error)) {
        if (error.status === 401 && error.code === 'unauthorized') return; // the app returns to login
        void message.error(error.code === 'network_error' ? t('error.network') : error.message);
      } else if (error instanceof Error) {
        void message.error(error.message);
      }
    },
    [message, t],
  );
}
