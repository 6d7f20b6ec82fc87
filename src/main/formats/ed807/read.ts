/**
 * Reads an ED807 file (bytes, UTF-8 or the Windows-1251 the Bank of Russia writes) into an
 * Ed807Directory, strictly: the XML through the project's strict reader (no DOCTYPE, no entity
 * expansion, bounded depth and size), then the structure: the root must be ED807 in
 * urn:cbr-ru:ed:v2.0 and a full directory (FIRR), every element of that namespace must be one
 * ED807 has at its place, and every value the client uses must have its form. The first wrong
 * thing is an error naming its line, element and attribute. One pass over the tree, a set for
 * duplicate BICs: linear in the size of the file.
 */
import { LocalizedError } from '../../../shared/i18n/index.ts';
import { parseXmlBytes, type XmlElement } from '../xml/reader.ts';
import { attr, codeAttr } from './attributes.ts';
import { ED807_LIMITS, ED807_NAMESPACE, type Ed807Account, type Ed807Directory, type Ed807Entry } from './model.ts';

/** The elements of ED807's namespace each element may hold; those mapped to null are known and skipped. */
const ROOT_CHILDREN = new Set(['BICDirectoryEntry', 'InitialED', 'PartInfo']);
const ENTRY_CHILDREN = new Set(['ParticipantInfo', 'SWBICS', 'Accounts']);
const PARTICIPANT_CHILDREN = new Set(['RstrList']);
const ACCOUNT_CHILDREN = new Set(['AccRstrList']);
const LEAVES = new Set(['SWBICS', 'InitialED', 'PartInfo', 'RstrList', 'AccRstrList']);

/** The children of `el` in ED807's namespace, each checked to be allowed there (others, such as a signature's, are left alone). */
function edChildren(el: XmlElement, allowed: ReadonlySet<string>): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.ns !== ED807_NAMESPACE) continue;
    if (!allowed.has(c.local)) throw new LocalizedError('format.ed807.element-unexpected', { line: c.line, element: c.local, parent: el.local });
    out.push(c);
  }
  return out;
}

function readAccount(el: XmlElement): Ed807Account {
  edChildren(el, ACCOUNT_CHILDREN);
  const dateOut = attr(el, 'DateOut', 'date', { optional: true });
  return {
    account: attr(el, 'Account', 'account'),
    type: attr(el, 'RegulationAccountType', 'code4'),
    status: codeAttr(el, 'AccountStatus', ['ACAC', 'ACDL'] as const),
    dateIn: attr(el, 'DateIn', 'date'),
    ...(dateOut ? { dateOut } : {}),
  };
}

function readEntry(el: XmlElement): Ed807Entry {
  const bic = attr(el, 'BIC', 'bic');
  const changeType = attr(el, 'ChangeType', 'code4', { optional: true });
  let participant: XmlElement | undefined;
  const accounts: Ed807Account[] = [];
  for (const c of edChildren(el, ENTRY_CHILDREN)) {
    if (c.local === 'ParticipantInfo') {
      if (participant) throw new LocalizedError('format.ed807.element-repeated', { line: c.line, element: c.local, parent: el.local });
      participant = c;
    } else if (c.local === 'Accounts') {
      if (accounts.length >= ED807_LIMITS.accountsPerEntry) throw new LocalizedError('format.ed807.too-many', { line: c.line, element: c.local, max: ED807_LIMITS.accountsPerEntry });
      accounts.push(readAccount(c));
    } else edChildren(c, new Set());
  }
  if (!participant) throw new LocalizedError('format.ed807.element-missing', { line: el.line, element: 'ParticipantInfo', parent: el.local });
  const p = participant;
  const restrictions = [];
  for (const r of edChildren(p, PARTICIPANT_CHILDREN)) {
    edChildren(r, new Set());
    if (restrictions.length >= ED807_LIMITS.restrictionsPerEntry) throw new LocalizedError('format.ed807.too-many', { line: r.line, element: r.local, max: ED807_LIMITS.restrictionsPerEntry });
    restrictions.push({ code: attr(r, 'Rstr', 'code4'), date: attr(r, 'RstrDate', 'date') });
  }
  const dateOut = attr(p, 'DateOut', 'date', { optional: true });
  return {
    bic,
    ...(changeType ? { changeType } : {}),
    line: el.line,
    name: attr(p, 'NameP', 'text', { max: 160 }),
    region: attr(p, 'Rgn', 'region'),
    placeType: attr(p, 'Tnp', 'text', { max: 5, optional: true }) ?? '',
    place: attr(p, 'Nnp', 'text', { max: 25, optional: true }) ?? '',
    address: attr(p, 'Adr', 'text', { max: 160, optional: true }) ?? '',
    participantType: attr(p, 'PtType', 'participant-type'),
    status: codeAttr(p, 'ParticipantStatus', ['PSAC', 'PSDL'] as const),
    dateIn: attr(p, 'DateIn', 'date'),
    ...(dateOut ? { dateOut } : {}),
    restrictions,
    accounts,
  };
}

/** Reads the root and the entries; `root` is the parsed tree's root element. */
export function readEd807Tree(root: XmlElement): Ed807Directory {
  if (root.local !== 'ED807' || root.ns !== ED807_NAMESPACE) {
    throw new LocalizedError('format.ed807.not-ed807', { line: root.line, element: root.local, namespace: root.ns || '-' });
  }
  const infoTypeCode = attr(root, 'InfoTypeCode', 'code4');
  if (infoTypeCode !== 'FIRR') throw new LocalizedError('format.ed807.not-full', { line: root.line, value: infoTypeCode });
  const creationDateTime = attr(root, 'CreationDateTime', 'date-time', { optional: true });
  const directoryVersion = attr(root, 'DirectoryVersion', 'version', { optional: true });
  const dir: Ed807Directory = {
    edNo: attr(root, 'EDNo', 'ed-no'),
    edDate: attr(root, 'EDDate', 'date'),
    edAuthor: attr(root, 'EDAuthor', 'ed-author'),
    businessDay: attr(root, 'BusinessDay', 'date'),
    infoTypeCode,
    ...(creationDateTime ? { creationDateTime } : {}),
    ...(directoryVersion ? { directoryVersion } : {}),
    entries: [],
  };
  const seen = new Map<string, number>();
  for (const el of edChildren(root, ROOT_CHILDREN)) {
    if (LEAVES.has(el.local)) {
      edChildren(el, new Set());
      continue;
    }
    if (dir.entries.length >= ED807_LIMITS.entries) throw new LocalizedError('format.ed807.too-many', { line: el.line, element: el.local, max: ED807_LIMITS.entries });
    const entry = readEntry(el);
    const first = seen.get(entry.bic);
    if (first !== undefined) throw new LocalizedError('format.ed807.bic-duplicate', { line: el.line, element: el.local, bic: entry.bic, first });
    seen.set(entry.bic, el.line);
    dir.entries.push(entry);
  }
  if (dir.entries.length === 0) throw new LocalizedError('format.ed807.no-entries', { line: root.line, element: root.local });
  return dir;
}

/** Parses an ED807 file. Throws LocalizedError naming the line and element that is wrong. */
export function parseEd807(bytes: Uint8Array): Ed807Directory {
  if (bytes.length === 0) throw new LocalizedError('format.empty');
  const { root } = parseXmlBytes(bytes, { maxBytes: ED807_LIMITS.maxBytes, maxDepth: 8 });
  return readEd807Tree(root);
}
