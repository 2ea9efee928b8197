import { t } from '@qiangjian/shared';
import { Badge, Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { type MyTask, myTasks, startInspection } from '../../../services/inspections.js';

/** Order of the groups on the page, and each group's colour. */
const GROUPS = [
  { due: 'today', color: 'blue' },
  { due: 'overdue', color: 'red' },
  { due: 'upcoming', color: 'default' },
] as const;

/** A drawn task's origin line: 抽查 + the draw's title (投诉 / 风险 are the card's tag, with the reason below). */
function Origin({ task }: { task: MyTask }) {
  return task.drawTitle ? <div>{t('tasks.originDraw', { title: task.drawTitle })}</div> : null;
}

/**
 * 我的检查任务 (phone-first, docs/SUPERVISION.md "Dashboard"): the planned inspections the user is assigned to, grouped by
 * planned date — 今天, 逾期未检, 即将开始 — each with its origin and 开始检查 / 继续检查 (the 现场检查 form).
 */
export default function InspectionTasksPage() {
  const navigate = useNavigate();
  const tasks = useRequest(myTasks, []);
  const open = async (assignmentId: number, inspectionId: number | null) => {
    const id = inspectionId ?? (await startInspection(assignmentId)).id;
    void navigate(`/supervision/inspections/${id}/edit`);
  };
  const list = tasks.data ?? [];
  return (
    <div style={{ maxWidth: 640 }}>
      <PageTitle title={t('inspections.menu.tasks')} />
      {tasks.loading && !tasks.data ? <Spin /> : null}
      {tasks.data && list.length === 0 ? <Empty description={t('inspections.tasks.empty')} /> : null}
      {GROUPS.map(({ due, color }) => {
        const group = list.filter((x) => x.due === due);
        if (group.length === 0) return null;
        return (
          <section key={due} aria-label={t(`taskDue.${due}`)} style={{ marginBottom: 16 }}>
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              <Space>
                {t(`taskDue.${due}`)}
                <Badge count={group.length} color={color === 'default' ? '#8c8c8c' : color} />
              </Space>
            </Typography.Title>
            {group.map((task) => (
              <Card
                key={task.assignmentId}
                size="small"
                style={{ marginBottom: 12 }}
                title={task.siteName ? `${task.orgName} · ${task.siteName}` : task.orgName}
                extra={<EnumTag name="inspectionOrigin" value={task.kind} />}
              >
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    {task.targetKind ? <EnumTag name="targetKind" value={task.targetKind} /> : null}
                    {task.plannedDate ? (
                      <Tag color={color === 'default' ? undefined : color}>{t('tasks.plannedDate', { date: task.plannedDate })}</Tag>
                    ) : null}
                  </Space>
                  <Origin task={task} />
                  {task.reason ? <div>{t('tasks.reason', { reason: task.reason })}</div> : null}
                  <div>
                    {t('inspections.tasks.inspectors')}：
                    {task.inspectors.map((i) => (
                      <Tag key={i.id}>{t('pages.common.nameCode', { name: i.name, code: i.certNo })}</Tag>
                    ))}
                  </div>
                  <Button type="primary" block size="large" onClick={() => void open(task.assignmentId, task.inspectionId)}>
                    {task.inspectionId ? t('inspections.tasks.continue') : t('inspections.tasks.start')}
                  </Button>
                </Space>
              </Card>
            ))}
          </section>
        );
      })}
    </div>
  );
}
