import { t } from '@qiangjian/shared';
import { Tooltip } from 'antd';
import type { Label } from './audit-labels.js';

/** A catalog label; an unknown code shows the generic label with the code in a tooltip (never the code itself). */
export function CodeLabel({ label, suffix }: { label: Label; suffix?: string }) {
  const text = suffix ? `${label.text} ${suffix}` : label.text;
  if (label.known) return <span>{text}</span>;
  return (
    <Tooltip title={t('pages.audit.unknownCode', { code: label.code })}>
      <span className="qj-audit-unknown" style={{ textDecoration: 'underline dotted' }}>
        {text}
      </span>
    </Tooltip>
  );
}
