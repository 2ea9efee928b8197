import { t } from '@qiangjian/shared';
import { AttachmentPage } from '../attachment/AttachmentPage.js';

/** Attachment 3 (gas stations) (docs/REPORTS.md). */
export default function Attachment3Page() {
  return <AttachmentPage id="attachment3" title={t('menu.reports.attachment3')} />;
}
