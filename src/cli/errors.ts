import type { Locale } from '../shared/i18n/index.ts';
import { TEXT, type Text } from './text.ts';

/**
 * A failure the CLI itself reports (its words are in text.ts, not in the shared catalogue):
 * exit code 1, the message in the user's language, `code` stable for --json.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    private readonly render: (text: Text) => string,
    options?: { cause?: unknown },
  ) {
    super(render(TEXT.en), options);
    this.name = 'CliError';
  }

  localized(locale: Locale): string {
    return this.render(TEXT[locale]);
  }
}
