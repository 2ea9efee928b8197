import { t } from '@qiangjian/shared';
import { InspectionList } from './InspectionList.js';

/** 监督检查记录: every inspection record in the user's scope, with the repeated-visit flag and its filter. */
export default function AllInspectionsPage() {
  return <InspectionList title={t('inspections.menu.all')} variant="all" />;
}
