import { EMAIL_STATES, type EmailState, enumLabel, type TEmailQueueItem, t } from '@qiangjian/shared';
import { Alert, App, Button, Tag, Typography } from 'antd';
import { EnumSelect } from '../../../components/list/fields.js';
import { type ListColumn, ListPage } from '../../../components/list/ListPage.js';
import { usePagedList } from '../../../components/list/usePagedList.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { type EmailQueueQuery, emailQueueSummary, listEmailQueue, retryEmail } from '../../../services/notifications.js';

const STATE_COLOR: Record<EmailState, string> = { pending: 'blue', sending: 'gold', sent: 'green', failed: 'red' };

/** 邮件发送队列 (administrators): every queued e-mail with its state, attempts and last error; a failed one can be sent again. */
export default function EmailQueuePage() {
  const { message } = App.useApp();
  const list = usePagedList<Awaited<ReturnType<typeof listEmailQueue>>, EmailQueueQuery>(listEmailQueue);
  const summary = useRequest(emailQueueSummary, []);

  const retry = async (id: number) => {
    try {
      await retryEmail(id);
      void message.success(t('pages.emailQueue.retried'));
      void list.reload();
      void summary.reload();
    } catch {
      // shown by the error policy
    }
  };

  const columns: ListColumn<TEmailQueueItem>[] = [
    { title: t('pages.emailQueue.subject'), dataIndex: 'subject', width: 220, ellipsis: true, card: 'title' },
    {
      title: t('pages.emailQueue.state'),
      dataIndex: 'state',
      width: 100,
      card: 'extra',
      render: (s: EmailState) => <Tag color={STATE_COLOR[s]}>{enumLabel('emailState', s)}</Tag>,
    },
    { title: t('pages.emailQueue.to'), dataIndex: 'toAddress', width: 200, ellipsis: true },
    { title: t('pages.emailQueue.attempts'), dataIndex: 'attempts', width: 90 },
    {
      title: t('pages.emailQueue.nextAttempt'),
      dataIndex: 'nextAttemptAt',
      width: 170,
      render: (v: string, r) => (r.state === 'pending' ? formatDateTime(v) : ''),
    },
    {
      title: t('pages.emailQueue.lastError'),
      dataIndex: 'lastError',
      width: 220,
      render: (v: string | null) =>
        v ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 200 }}>
            {v}
          </Typography.Text>
        ) : (
          ''
        ),
    },
    { title: t('pages.emailQueue.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('pages.emailQueue.sentAt'), dataIndex: 'sentAt', width: 170, render: (v: string | null) => formatDateTime(v) },
    {
      title: '',
      key: 'actions',
      width: 110,
      render: (_, r) =>
        r.state === 'failed' ? (
          <Button size="small" onClick={() => void retry(r.id)}>
            {t('pages.emailQueue.retry')}
          </Button>
        ) : null,
    },
  ];

  const s = summary.data;
  return (
    <ListPage<TEmailQueueItem, EmailQueueQuery, { state?: EmailState }>
      title={t('menu.admin.emailQueue')}
      banner={
        s && (
          <Alert
            type={s.enabled ? (s.failed > 0 ? 'warning' : 'info') : 'warning'}
            title={
              s.enabled
                ? t('pages.emailQueue.summary', { pending: s.pending, sending: s.sending, sent: s.sent, failed: s.failed })
                : t('pages.emailQueue.disabled')
            }
            style={{ marginBottom: 16 }}
          />
        )
      }
      list={list}
      columns={columns}
      rowKey="id"
      filters={{
        name: 'emailQueueFilters',
        instant: true,
        toForm: (q) => ({ state: q.state }),
        fields: [
          {
            name: 'state',
            label: t('pages.emailQueue.state'),
            input: <EnumSelect enumName="emailState" values={EMAIL_STATES} width={130} />,
          },
        ],
      }}
    />
  );
}
