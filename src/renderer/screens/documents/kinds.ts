import { Kind, Status } from '../../../shared/ipc/schemas.ts';

/** Every kind of document, in the order the menus show them. */
export const KINDS = Kind.options;
/** Every status a document goes through, in order. */
export const STATUSES = Status.options;
