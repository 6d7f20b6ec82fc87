/** A button that prints signed documents as one PDF (form 0401060 for payment orders) and saves it. */
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText.tsx';
import { useAction } from '../../components/use-call.ts';
import { useI18n } from '../../i18n.tsx';
import { saveFile } from '../bank-data/files.ts';

export function PrintPdf({ ids, label, className = 'secondary' }: { ids: string[]; label: string; className?: string }) {
  const { t } = useI18n();
  const print = useAction('documents.print');
  const [saved, setSaved] = useState<string>();
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={ids.length === 0 || print.pending}
        data-testid="print-pdf"
        onClick={async () => {
          setSaved(undefined);
          const file = await print.run({ ids });
          if (!file) return;
          saveFile(file.fileName, 'application/pdf', file.pdfBase64);
          setSaved(t('ui.print.saved', { name: file.fileName, pages: file.pages }));
        }}
      >
        {print.pending ? t('ui.print.working') : label}
      </button>
      <span role="status" className="muted user-text">
        {saved ?? ''}
      </span>
      <ErrorText error={print.error} />
    </>
  );
}
