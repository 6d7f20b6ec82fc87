import { useI18n } from '../i18n.tsx';

/** An error in words, announced to screen readers. Renders nothing without an error. */
export function ErrorText({ error, id }: { error: unknown; id?: string }) {
  const { describe } = useI18n();
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert" id={id}>
      {describe(error)}
    </p>
  );
}
