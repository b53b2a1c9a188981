import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { TODOS_QUERY } from '../api/todos';
import { useI18n } from '../i18n';
import { SEVERITY_COLOR, todoLabel } from './todoLabels';

/**
 * The header bell: the number of things waiting for the signed-in person, refreshed every
 * minute; opening it lists the kinds that have any, each a link to its page.
 */
export function TodoBell() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const todos = useQuery(TODOS_QUERY);
  const waiting = (todos.data?.items ?? []).filter((item) => item.count > 0);
  const go = (link: string) => {
    setOpen(false);
    navigate(link);
  };
  const content = (
    <div style={{ width: 260 }} data-testid="todo-popover">
      {waiting.length ? (
        <List
          size="small"
          dataSource={waiting}
          renderItem={(item) => (
            <List.Item style={{ cursor: 'pointer' }} onClick={() => go(item.link)} data-testid={`todo-${item.key}`}>
              <Typography.Text>{todoLabel(item.key, locale)}</Typography.Text>
              <Badge count={item.count} overflowCount={999} color={SEVERITY_COLOR[item.severity]} />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todos.none')} />
      )}
      <Flex justify="end">
        <Button type="link" size="small" onClick={() => go('/todos')}>
          {t('todos.all')}
        </Button>
      </Flex>
    </div>
  );
  return (
    <Popover content={content} title={t('todos.title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button type="text" aria-label={t('todos.title')} data-testid="todo-bell" style={{ marginRight: 12 }}>
        <Badge count={todos.data?.total ?? 0} overflowCount={99} size="small">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
