import type { Extension, ParsedCertificate } from './parsed-certificate.ts';
import { children, oidText, single } from './der-reader.ts';

/** Key usage bits, numbered as in RFC 5280 4.2.1.3. */
export const KeyUsage = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

/** What the validator needs from a certificate's extensions, decoded once. */
export interface DecodedExtensions {
  basicConstraints?: { ca: boolean; pathLen?: number; critical: boolean };
  /** The set bits of keyUsage, by number. */
  keyUsage?: Set<number>;
  subjectKeyId?: Buffer;
  authorityKeyId?: { keyId?: Buffer; namesIssuerCertificate: boolean };
  /** The first reason the extensions are unacceptable, if any. */
  problem?: string;
}

type Criticality = 'must-not' | 'either';

interface ExtensionRule {
  name: string;
  critical: Criticality;
  /** Decodes the value into `out`, throwing on a malformed one. */
  decode?: (value: Buffer, out: DecodedExtensions, critical: boolean) => void;
  /** Set for extensions this verifier refuses outright, saying why. */
  refused?: string;
}

function nonEmptySequence(value: Buffer, what: string): ReturnType<typeof children> {
  const items = children(single(value, 0x30, what).content);
  if (items.length === 0) throw new Error(`${what} is empty`);
  return items;
}

/** GeneralName is a context-tagged choice [0]..[8]. */
function generalNames(value: Buffer, what: string): void {
  for (const name of nonEmptySequence(value, what)) {
    if ((name.tag & 0xc0) !== 0x80 || (name.tag & 0x1f) > 8) throw new Error(`${what} holds something that is not a GeneralName`);
  }
}

/**
 * The extensions this verifier knows. Anything else is accepted only when non-critical
 * (RFC 5280 4.2: a critical extension the verifier does not process makes the certificate
 * invalid). Criticality rules are RFC 5280's "MUST be non-critical" ones.
 */
const RULES: Record<string, ExtensionRule> = {
  '2.5.29.19': {
    name: 'basicConstraints',
    critical: 'either', // a CA's must be critical: checked with the CA rules
    decode(value, out, critical) {
      const items = children(single(value, 0x30, 'basicConstraints').content);
      let k = 0;
      let ca = false;
      let pathLen: number | undefined;
      if (items[k]?.tag === 0x01) {
        if (items[k]!.content.length !== 1) throw new Error('basicConstraints cA is not a BOOLEAN');
        ca = items[k++]!.content[0] !== 0;
      }
      const len = items[k];
      if (len?.tag === 0x02) {
        if (len.content.length === 0 || len.content.length > 4 || (len.content[0]! & 0x80) !== 0) throw new Error('basicConstraints pathLenConstraint is not a small non-negative INTEGER');
        pathLen = len.content.readUIntBE(0, len.content.length);
        k++;
      }
      if (k !== items.length) throw new Error('basicConstraints has an unexpected field');
      if (pathLen !== undefined && !ca) throw new Error('basicConstraints has a pathLenConstraint without cA');
      out.basicConstraints = { ca, critical, ...(pathLen !== undefined ? { pathLen } : {}) };
    },
  },
  '2.5.29.15': {
    name: 'keyUsage',
    critical: 'either',
    decode(value, out) {
      const bits = single(value, 0x03, 'keyUsage').content;
      if (bits.length < 1 || bits[0]! > 7 || (bits.length === 1 && bits[0] !== 0)) throw new Error('keyUsage is not a BIT STRING');
      const set = new Set<number>();
      for (let n = 0; n < (bits.length - 1) * 8; n++) if ((bits[1 + (n >> 3)]! >> (7 - (n & 7))) & 1) set.add(n);
      if (set.size === 0) throw new Error('keyUsage allows nothing');
      out.keyUsage = set;
    },
  },
  '2.5.29.14': {
    name: 'subjectKeyIdentifier',
    critical: 'must-not',
    decode(value, out) {
      const id = single(value, 0x04, 'subjectKeyIdentifier').content;
      if (id.length === 0) throw new Error('subjectKeyIdentifier is empty');
      out.subjectKeyId = id;
    },
  },
  '2.5.29.35': {
    name: 'authorityKeyIdentifier',
    critical: 'must-not',
    decode(value, out) {
      let keyId: Buffer | undefined;
      let namesIssuerCertificate = false;
      for (const field of children(single(value, 0x30, 'authorityKeyIdentifier').content)) {
        if (field.tag === 0x80) keyId = field.content;
        else if (field.tag === 0xa1 || field.tag === 0x82) namesIssuerCertificate = true;
        else throw new Error('authorityKeyIdentifier has an unexpected field');
      }
      out.authorityKeyId = { ...(keyId ? { keyId } : {}), namesIssuerCertificate };
    },
  },
  '2.5.29.17': { name: 'subjectAltName', critical: 'either', decode: (value) => generalNames(value, 'subjectAltName') },
  '2.5.29.18': { name: 'issuerAltName', critical: 'must-not', decode: (value) => generalNames(value, 'issuerAltName') },
  '2.5.29.37': {
    name: 'extKeyUsage',
    critical: 'either',
    decode: (value) => void nonEmptySequence(value, 'extKeyUsage').forEach((p) => oidText(p, 'an extKeyUsage purpose')),
  },
  // Policies are not processed (no policy is required of a path), so they may only be informative.
  '2.5.29.32': { name: 'certificatePolicies', critical: 'must-not', decode: (value) => void nonEmptySequence(value, 'certificatePolicies') },
  '2.5.29.31': { name: 'cRLDistributionPoints', critical: 'must-not', decode: (value) => void nonEmptySequence(value, 'cRLDistributionPoints') },
  '2.5.29.46': { name: 'freshestCRL', critical: 'must-not', decode: (value) => void nonEmptySequence(value, 'freshestCRL') },
  '2.5.29.16': { name: 'privateKeyUsagePeriod', critical: 'must-not' },
  '1.3.6.1.5.5.7.1.1': {
    name: 'authorityInfoAccess',
    critical: 'must-not',
    decode: (value) =>
      void nonEmptySequence(value, 'authorityInfoAccess').forEach((d) => {
        const [method, location, extra] = d.tag === 0x30 ? children(d.content) : [];
        if (!method || !location || extra) throw new Error('authorityInfoAccess holds a malformed AccessDescription');
        oidText(method, 'an access method');
      }),
  },
  '1.3.6.1.5.5.7.1.11': { name: 'subjectInfoAccess', critical: 'must-not' },
  '1.3.6.1.4.1.11129.2.4.2': { name: 'signedCertificateTimestampList', critical: 'must-not' },
  // Refused rather than half-implemented: the bank's PKI uses none of them.
  '2.5.29.30': { name: 'nameConstraints', critical: 'either', refused: 'name constraints are not supported by this verifier, so a certificate carrying them is refused' },
  '2.5.29.36': { name: 'policyConstraints', critical: 'either', refused: 'policy constraints are not supported by this verifier (no certificate policy processing)' },
  '2.5.29.33': { name: 'policyMappings', critical: 'either', refused: 'policy mappings are not supported by this verifier (no certificate policy processing)' },
  '2.5.29.54': { name: 'inhibitAnyPolicy', critical: 'either', refused: 'inhibitAnyPolicy is not supported by this verifier (no certificate policy processing)' },
};

function decodeOne(ext: Extension, out: DecodedExtensions): string | undefined {
  const rule = RULES[ext.oid];
  if (!rule) return ext.critical ? `it has an unknown critical extension ${ext.oid}` : undefined;
  if (rule.refused) return `it has a ${rule.name} extension: ${rule.refused}`;
  if (ext.critical && rule.critical === 'must-not') return `its ${rule.name} extension is marked critical, which RFC 5280 forbids`;
  try {
    rule.decode?.(ext.value, out, ext.critical);
  } catch (e) {
    return `its ${rule.name} extension is malformed: ${(e as Error).message}`;
  }
  return undefined;
}

/** Decodes and checks the extensions: no duplicates, known criticality, well-formed values. */
export function decodeExtensions(cert: ParsedCertificate): DecodedExtensions {
  const out: DecodedExtensions = {};
  const seen = new Set<string>();
  for (const ext of cert.extensions) {
    const problem = seen.has(ext.oid) ? `it has the extension ${RULES[ext.oid]?.name ?? ext.oid} twice` : decodeOne(ext, out);
    seen.add(ext.oid);
    if (problem) {
      out.problem ??= problem;
    }
  }
  return out;
}
