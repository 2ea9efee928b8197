import { t } from '@qiangjian/shared';
import { useParams } from 'react-router-dom';
import { PageTitle } from '../../../components/PageTitle.js';
import { InstrumentStatusPanel } from '../StatusPanel.js';

/** /status/instruments/:id — the status panel on its own page (the ledger's instrument page embeds the panel). */
export default function InstrumentStatusPage() {
  const { id } = useParams();
  return (
    <>
      <PageTitle title={t('pages.status.panel.title')} />
      <InstrumentStatusPanel instrumentId={Number(id)} />
    </>
  );
}
