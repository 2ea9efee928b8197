import { t } from '@qiangjian/shared';
import { AttachmentPage } from '../attachment/AttachmentPage.js';

/** 附件3 加油站在用强检计量器具专项监督检查统计表 (docs/REPORTS.md). */
export default function Attachment3Page() {
  return <AttachmentPage id="attachment3" title={t('menu.reports.attachment3')} />;
}
