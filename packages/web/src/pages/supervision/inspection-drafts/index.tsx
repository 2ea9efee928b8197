import { t } from '@qiangjian/shared';
import { InspectionList } from '../inspections/InspectionList.js';

/** 我的草稿: the user's own unfinished inspection records (a draft kept on the phone shows in the form when opened). */
export default function DraftsPage() {
  return <InspectionList title={t('inspections.menu.drafts')} variant="drafts" />;
}
