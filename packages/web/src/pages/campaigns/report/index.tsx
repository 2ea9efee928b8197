import { t } from '@qiangjian/shared';
import { Card, Form, Space, Spin } from 'antd';
import { useParams } from 'react-router-dom';
import { PageTitle } from '../../../components/PageTitle.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { selfInspectionOf } from '../../../services/campaigns.js';
import { SelfInspectionFields, SelfInspectionFiles, SelfInspectionHeader } from '../SelfInspectionView.js';

/** A participant's self-inspection as the regulator (or the office, or the organization itself) reads it. */
export default function ParticipantReportPage() {
  const { id = '', orgId = '' } = useParams();
  const { data: r } = useRequest(() => selfInspectionOf(id, orgId), [id, orgId]);
  const [form] = Form.useForm();
  if (!r) return <Spin />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageTitle title={t('menu.campaigns.participantReport')} />
      <Card>
        <SelfInspectionHeader r={r} />
      </Card>
      <Card>
        <SelfInspectionFields key={`${r.id}-${r.version}`} r={r} form={form} disabled />
      </Card>
      <SelfInspectionFiles r={r} />
    </Space>
  );
}
