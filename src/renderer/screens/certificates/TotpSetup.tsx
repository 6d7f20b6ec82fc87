import { useMemo, useState } from 'react';
import qrcode from 'qrcode-generator';
import { useI18n } from '../../i18n.tsx';

/** The QR code of a text as SVG squares (no HTML injected): byte mode, error correction M, a 4-module quiet zone. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
    return { size: n + 8, path: d };
  }, [text]);
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width={size * 5} height={size * 5} shapeRendering="crispEdges" data-testid="totp-qr">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** The one-time-code secret after enrolment: a QR code of the otpauth link (named after the bank), the secret with a copy button, and the link. */
export function TotpSetup({ secret, uri }: { secret: string; uri: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const issuer = (() => {
    try {
      return new URL(uri).searchParams.get('issuer') ?? '';
    } catch {
      return '';
    }
  })();
  const copy = () => {
    setCopied(undefined);
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="totp-setup">
      <p>{t('ui.certificates.totp.scan', { issuer })}</p>
      <QrCode text={uri} label={t('ui.certificates.totp.qr', { issuer })} />
      <p>
        {t('ui.certificates.wizard.totp-secret')}: <code className="user-text" data-testid="totp-secret">{secret}</code>{' '}
        <button type="button" className="secondary" onClick={copy}>
          {t('ui.certificates.totp.copy')}
        </button>
      </p>
      <p role="status">{copied === 'yes' ? t('ui.certificates.totp.copied') : copied === 'no' ? t('ui.certificates.totp.copy-failed') : ''}</p>
      <p>
        {t('ui.certificates.wizard.totp-uri')}: <code className="user-text totp-uri" data-testid="totp-uri">{uri}</code>
      </p>
    </div>
  );
}
