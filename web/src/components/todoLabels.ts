import { TODO_LABELS, type TodoKey } from '../../../contracts/todos';
import type { Locale } from '../i18n';

/** The to-do kind's name in the user's language (labels live with the kinds in contracts/). */
export const todoLabel = (key: TodoKey, locale: Locale) => (locale === 'en' ? TODO_LABELS[key].en : TODO_LABELS[key].zh);

/** Badge colours of the severities. */
export const SEVERITY_COLOR = { danger: '#ff4d4f', warning: '#faad14', info: '#1677ff' } as const;
