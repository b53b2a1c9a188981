import { Badge, Button, Card, Empty, List, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { TODOS_QUERY } from '../../api/todos';
import { SEVERITY_COLOR, todoLabel } from '../../components/todoLabels';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../time';

/** 待办: every kind of to-do the person's roles have, with its count and the page that deals with it. */
export function TodosPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const todos = useQuery(TODOS_QUERY);
  const items = todos.data?.items ?? [];
  return (
    <Card
      title={t('todos.title')}
      extra={todos.data ? <Typography.Text type="secondary">{t('todos.updatedAt', { at: formatDateTime(todos.data.at) })}</Typography.Text> : null}
      loading={todos.isLoading}
    >
      {items.length === 0 ? (
        <Empty description={t('todos.noneForRoles')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              data-testid={`todo-row-${item.key}`}
              actions={[
                <Button key="go" type="link" onClick={() => navigate(item.link)} disabled={item.count === 0}>
                  {t('todos.open')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={todoLabel(item.key, locale)} />
              <Badge count={item.count} showZero overflowCount={9999} color={item.count ? SEVERITY_COLOR[item.severity] : '#d9d9d9'} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
