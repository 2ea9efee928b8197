import type { ReactNode } from 'react';

/** The page heading (h1) with the page's buttons on the right; wraps below the title on a phone. */
export function PageTitle({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
      <h1 className="qj-page-title" style={{ margin: 0 }}>
        {title}
      </h1>
      {extra}
    </div>
  );
}
