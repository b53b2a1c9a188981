import type { ReactNode } from 'react';
import { Input, Modal, Timeline, Typography } from 'antd';
import { useT } from '../i18n';
import { DateTime } from './DateTime';

/** What a record's history entry needs to be shown: who (null = the system), when, an optional text. */
export type TimelineEvent = { id: string; at: string; actorName: string | null; text: string | null };

/**
 * A record's history as an antd Timeline: per event a title line, the text (line breaks kept)
 * and "who · when" (the system's name when nobody acted).
 */
export function EventTimeline<E extends TimelineEvent>({
  events,
  title,
  color,
  systemName,
  eventTestId,
  'data-testid': testId,
}: {
  events: E[];
  title: (event: E) => ReactNode;
  color: (event: E) => string;
  systemName: string;
  eventTestId?: (event: E) => string;
  'data-testid'?: string;
}) {
  return (
    <Timeline
      data-testid={testId}
      items={events.map((event) => ({
        key: event.id,
        color: color(event),
        content: (
          <div data-testid={eventTestId?.(event)}>
            {title(event)}
            {event.text ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{event.text}</Typography.Paragraph> : null}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {event.actorName ?? systemName} · <DateTime value={event.at} />
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}

/**
 * The confirm dialog of an action that takes a reason or note: OK / 取消, a text area, and
 * anything to say above it (`children`). Cancel closes without acting.
 */
export function TextActionModal({
  open,
  title,
  busy,
  text,
  onTextChange,
  onOk,
  onCancel,
  maxLength,
  placeholder,
  textTestId,
  children,
}: {
  open: boolean;
  title: ReactNode;
  busy: boolean;
  text: string;
  onTextChange: (text: string) => void;
  onOk: () => void;
  onCancel: () => void;
  maxLength: number;
  placeholder: string;
  textTestId: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Modal open={open} title={title} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={onOk} onCancel={onCancel} destroyOnHidden>
      {children}
      <Input.TextArea
        value={text}
        onChange={(event) => onTextChange(event.target.value)}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={maxLength}
        placeholder={placeholder}
        data-testid={textTestId}
      />
    </Modal>
  );
}
