import { t } from '@qiangjian/shared';
import { AttachmentPage } from '../attachment/AttachmentPage.js';

/** 附件2 民用"三表"计量专项监督检查统计表 (docs/REPORTS.md). */
export default function Attachment2Page() {
  return <AttachmentPage id="attachment2" title={t('menu.reports.attachment2')} />;
}
