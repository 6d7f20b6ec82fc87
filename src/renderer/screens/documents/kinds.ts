import { KIND_NAMES, STATUS_NAMES } from '../../../shared/ipc/names.ts';

/** Every kind of document, in the order the menus show them. */
export const KINDS = KIND_NAMES;
/** Every status a document goes through, in order. */
export const STATUSES = STATUS_NAMES;
