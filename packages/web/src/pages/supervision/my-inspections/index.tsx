import { t } from '@qiangjian/shared';
import { InspectionList } from '../inspections/InspectionList.js';

/** 检查记录 (the inspected party): its finished visits with the inspectors' 执法证号, origin and draw, and its rating. */
export default function OwnInspectionsPage() {
  return <InspectionList title={t('inspections.menu.own')} variant="own" />;
}
