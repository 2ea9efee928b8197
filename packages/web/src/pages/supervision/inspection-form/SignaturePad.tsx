import { t } from '@qiangjian/shared';
import { Button, Space, Tag } from 'antd';
import { type PointerEvent, useRef, useState } from 'react';

/** A signature drawn on the screen (finger, pen or mouse) → PNG base64 through `onSave`. */
export function SignaturePad({ label, signed, onSave }: { label: string; signed: boolean; onSave: (pngBase64: string) => Promise<void> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const pos = (e: PointerEvent<HTMLCanvasElement>) => {
    const c = ref.current as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * c.width) / r.width, y: ((e.clientY - r.top) * c.height) / r.height };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    drawing.current = true;
    ref.current?.setPointerCapture?.(e.pointerId);
    const p = pos(e);
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const p = pos(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    setDirty(true);
  };
  const up = () => {
    drawing.current = false;
  };
  const clear = () => {
    const c = ref.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    setDirty(false);
  };
  const save = async () => {
    const c = ref.current;
    if (!c) return;
    setSaving(true);
    try {
      await onSave(c.toDataURL('image/png').replace(/^data:[^,]*,/, ''));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div style={{ marginBottom: 16 }}>
      <Space style={{ marginBottom: 4 }}>
        <span>{label}</span>
        {signed ? <Tag color="green">{t('inspections.sign.saved')}</Tag> : null}
      </Space>
      <canvas
        ref={ref}
        width={600}
        height={200}
        aria-label={label}
        data-testid={`sign-${label}`}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={up}
        style={{ width: '100%', height: 120, border: '1px dashed #999', borderRadius: 6, touchAction: 'none', background: '#fff' }}
      />
      <Space>
        <Button size="small" onClick={clear}>
          {t('inspections.sign.clear')}
        </Button>
        <Button size="small" type="primary" disabled={!dirty} loading={saving} onClick={() => void save()}>
          {t('inspections.sign.save')}
        </Button>
      </Space>
    </div>
  );
}
