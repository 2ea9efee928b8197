import { t } from '@qiangjian/shared';
import { Button, Card, Empty, Space, Spin, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { myTasks, startInspection } from '../../../services/inspections.js';

/** 我的检查任务 (phone-first): the planned inspections the user is assigned to, each opened in the 现场检查 form. */
export default function InspectionTasksPage() {
  const navigate = useNavigate();
  const tasks = useRequest(myTasks, []);
  const open = async (assignmentId: number, inspectionId: number | null) => {
    const id = inspectionId ?? (await startInspection(assignmentId)).id;
    void navigate(`/supervision/inspections/${id}/edit`);
  };
  return (
    <div style={{ maxWidth: 640 }}>
      <PageTitle title={t('inspections.menu.tasks')} />
      {tasks.loading && !tasks.data ? <Spin /> : null}
      {tasks.data && tasks.data.length === 0 ? <Empty description={t('inspections.tasks.empty')} /> : null}
      {(tasks.data ?? []).map((task) => (
        <Card
          key={task.assignmentId}
          size="small"
          style={{ marginBottom: 12 }}
          title={task.siteName ? `${task.orgName} · ${task.siteName}` : task.orgName}
          extra={<EnumTag name="inspectionOrigin" value={task.kind} />}
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {task.targetKind ? <EnumTag name="targetKind" value={task.targetKind} /> : null}
            {task.drawTitle ? (
              <div>
                {t('inspections.tasks.draw')}：{task.drawTitle}
              </div>
            ) : null}
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
    </div>
  );
}
