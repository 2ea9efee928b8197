import { t } from '@qiangjian/shared';
import { AttachmentPage } from '../attachment/AttachmentPage.js';

/** Attachment 2 (civil meters) (docs/REPORTS.md). */
export default function Attachment2Page() {
  return <AttachmentPage id="attachment2" title={t('menu.reports.attachment2')} />;
}
