/**
 * The customer's signature drawn on screen: a <canvas> fed by pointer events (finger, pen or
 * mouse), 清除 and 确认签名, exported as a PNG data URL (at most SIGNATURE_MAX_BYTES decoded).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from 'antd-mobile';
import { SIGNATURE_MAX_BYTES } from '../../../contracts/dispatch';
import { useI18n } from '../i18n';

/** Decoded size of a base64 data URL, in bytes. */
export function dataUrlBytes(dataUrl: string): number {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** The PNG export of a signature canvas; null when it is not a PNG data URL or too large. */
export function exportSignature(canvas: HTMLCanvasElement): { dataUrl: string } | { error: 'too_large' | 'not_png' } {
  const dataUrl = canvas.toDataURL('image/png');
  if (!/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(dataUrl)) return { error: 'not_png' };
  if (dataUrlBytes(dataUrl) > SIGNATURE_MAX_BYTES) return { error: 'too_large' };
  return { dataUrl };
}

type Props = {
  onConfirm: (dataUrl: string) => void;
  disabled?: boolean;
  /** CSS height of the drawing box. */
  height?: number;
};

export function SignaturePad({ onConfirm, disabled, height = 200 }: Props) {
  const { t } = useI18n();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef<{ pointerId: number; x: number; y: number } | null>(null);
  const [hasInk, setHasInk] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const context = useCallback(() => canvasRef.current?.getContext('2d') ?? null, []);

  // Match the bitmap to the box (and the screen's pixel ratio) so lines stay sharp.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 340;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = context();
    if (ctx) {
      ctx.scale(ratio, ratio);
      ctx.lineWidth = 2.5;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#000';
    }
  }, [context, height]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    event.preventDefault();
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // not supported (tests, old browsers): moves outside the box are then lost, which is fine
    }
    const { x, y } = point(event);
    drawing.current = { pointerId: event.pointerId, x, y };
    const ctx = context();
    if (ctx) {
      ctx.beginPath();
      ctx.arc(x, y, 1.2, 0, Math.PI * 2);
      ctx.fillStyle = '#000';
      ctx.fill();
    }
    setHasInk(true);
    setError(null);
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const last = drawing.current;
    if (!last || last.pointerId !== event.pointerId) return;
    event.preventDefault();
    const { x, y } = point(event);
    const ctx = context();
    if (ctx) {
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(x, y);
      ctx.stroke();
    }
    drawing.current = { pointerId: event.pointerId, x, y };
  };

  const onPointerUp = () => {
    drawing.current = null;
  };

  const clear = () => {
    const canvas = canvasRef.current;
    const ctx = context();
    if (canvas && ctx) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.restore();
    }
    setHasInk(false);
    setError(null);
  };

  const confirm = () => {
    const canvas = canvasRef.current;
    if (!canvas || !hasInk) {
      setError(t('m.signatureEmpty'));
      return;
    }
    const result = exportSignature(canvas);
    if ('error' in result) {
      setError(t('m.signatureTooLarge'));
      return;
    }
    onConfirm(result.dataUrl);
  };

  return (
    <div className="m-signature">
      <div className="m-hint">{t('m.signatureHint')}</div>
      <canvas
        ref={canvasRef}
        className="m-signature-canvas"
        style={{ height }}
        data-testid="m-signature-canvas"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={onPointerUp}
      />
      {error ? (
        <div className="m-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="m-row">
        <Button size="small" onClick={clear} disabled={disabled} data-testid="m-signature-clear">
          {t('m.signatureClear')}
        </Button>
        <Button size="small" color="primary" onClick={confirm} disabled={disabled} data-testid="m-signature-confirm">
          {t('m.signatureConfirm')}
        </Button>
      </div>
    </div>
  );
}
