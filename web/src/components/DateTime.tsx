import { formatDateTime } from '../time';

/** A timestamp shown in Asia/Shanghai, with the raw value as tooltip. */
export function DateTime({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  if (!value) return <span>{empty}</span>;
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}
