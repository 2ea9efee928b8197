import { CASE_STAGES, enumLabel, t } from '@qiangjian/shared';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router-dom';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { caseSummary, orderSummary } from '../../../services/supervision.js';

/** 工作台 card: open, replied and overdue orders; cases by stage and near or past their limit (docs/ENFORCEMENT.md). */
export default function EnforcementCard() {
  const access = useAccess();
  const orders = useRequest(orderSummary, []).data;
  const cases = useRequest(caseSummary, [], { ready: access.can('case.read') }).data;
  // an enterprise or institution reads its own orders at /my/orders (it cannot open /supervision/orders)
  const ordersPath = access.can('order.read') ? '/supervision/orders' : '/my/orders';
  return (
    <Card title={t('orders.summary.title')}>
      <Row gutter={[16, 16]}>
        <Col span={8}>
          <Link to={`${ordersPath}?state=issued`}>
            <Statistic title={t('orders.summary.open')} value={orders?.open ?? '-'} />
          </Link>
        </Col>
        <Col span={8}>
          <Link to={`${ordersPath}?state=replied`}>
            <Statistic title={t('orders.summary.replied')} value={orders?.replied ?? '-'} />
          </Link>
        </Col>
        <Col span={8}>
          <Link to={`${ordersPath}?overdue=1`}>
            <Statistic
              title={t('orders.summary.overdue')}
              value={orders?.overdue ?? '-'}
              valueStyle={{ color: orders?.overdue ? '#cf1322' : undefined }}
            />
          </Link>
        </Col>
        {!access.can('order.read') && (
          <Col span={8}>
            <Link to="/my/orders">
              <Statistic
                title={t('orders.summary.unread')}
                value={orders?.unread ?? '-'}
                valueStyle={{ color: orders?.unread ? '#1677ff' : undefined }}
              />
            </Link>
          </Col>
        )}
        {cases &&
          CASE_STAGES.map((s) => (
            <Col span={6} key={s}>
              <Link to={`/supervision/cases?stage=${s}`}>
                <Statistic title={enumLabel('caseStage', s)} value={cases.byStage[s] ?? 0} />
              </Link>
            </Col>
          ))}
        {cases && (
          <Col span={6}>
            <Link to="/supervision/cases?clock=warning">
              <Statistic
                title={t('cases.summaryWarning')}
                value={cases.warning}
                valueStyle={{ color: cases.warning ? '#d46b08' : undefined }}
              />
            </Link>
          </Col>
        )}
      </Row>
    </Card>
  );
}
