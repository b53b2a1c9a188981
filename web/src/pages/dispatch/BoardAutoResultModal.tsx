import { Flex, List, Modal, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import type { AutoDispatchResult } from '../../api/dispatch';
import { useI18n } from '../../i18n';
import { WorkOrderStatusTag } from './WorkOrderLabels';

/** 自动派工结果: counts (assigned to a technician, outlet only, not dispatched) and each order's explanation. */
export function BoardAutoResultModal({ result, onClose }: { result: AutoDispatchResult | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal open={!!result} title={t('dispatch.auto.resultTitle')} onCancel={onClose} onOk={onClose} okText={t('common.close')} cancelButtonProps={{ style: { display: 'none' } }} width={760} destroyOnHidden>
      {result ? (
        <div data-testid="auto-result">
          <Flex gap={48} style={{ marginBottom: 16 }}>
            <Statistic title={t('dispatch.auto.assigned')} value={result.assigned} styles={{ content: { color: '#389e0d' } }} />
            <Statistic title={t('dispatch.auto.outletOnly')} value={result.outletOnly} styles={{ content: { color: '#722ed1' } }} />
            <Statistic title={t('dispatch.auto.unassigned')} value={result.unassigned} styles={{ content: { color: result.unassigned ? '#cf1322' : undefined } }} />
          </Flex>
          <List
            size="small"
            dataSource={result.items}
            locale={{ emptyText: t('dispatch.auto.nothing') }}
            style={{ maxHeight: 420, overflow: 'auto' }}
            renderItem={(item) => (
              <List.Item key={item.workOrderId}>
                <Flex vertical gap={2} style={{ width: '100%' }}>
                  <Flex gap={8} align="center">
                    <Link to={`/work-orders/${item.workOrderId}`}>{item.number}</Link>
                    <WorkOrderStatusTag status={item.status} />
                  </Flex>
                  <Typography.Text type="secondary">{item.summary}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </div>
      ) : null}
    </Modal>
  );
}
