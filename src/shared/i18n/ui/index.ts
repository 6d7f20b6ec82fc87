/** The UI's words, one file per area of the app (keys start with "ui."). */
import { backgroundSyncUiMessages } from './background-sync.ts';
import { bankDataUiMessages } from './bank-data.ts';
import { certificatesUiMessages } from './certificates.ts';
import { demoUiMessages } from './demo.ts';
import { directoryUiMessages } from './directory.ts';
import { documentsUiMessages } from './documents.ts';
import { editorUiMessages } from './editor.ts';
import { electronUiMessages } from './electron.ts';
import { importUiMessages } from './import.ts';
import { overviewUiMessages } from './overview.ts';
import { printsUiMessages } from './prints.ts';
import { recallUiMessages } from './recall.ts';
import { shellMessages } from './shell.ts';
import { signingUiMessages } from './signing.ts';
import { tokensUiMessages } from './tokens.ts';

export const uiMessages = {
  ...shellMessages,
  ...documentsUiMessages,
  ...editorUiMessages,
  ...tokensUiMessages,
  ...importUiMessages,
  ...signingUiMessages,
  ...bankDataUiMessages,
  ...certificatesUiMessages,
  ...demoUiMessages,
  ...directoryUiMessages,
  ...electronUiMessages,
  ...printsUiMessages,
  ...backgroundSyncUiMessages,
  ...overviewUiMessages,
  ...recallUiMessages,
};
