/**
 * The authenticator's link for the one-time-code secret, named after the bank: an app shows the
 * issuer next to the codes, so it must read as the bank's real name (the one the key act prints),
 * not whatever the server put there. The secret and the code parameters (algorithm, digits,
 * period) are the bank's, unchanged; the account label keeps the person the bank named.
 */
export function otpauthForBank(uri: string, secret: string, bankName: string): string {
  let bankUri: URL | undefined;
  try {
    bankUri = new URL(uri);
  } catch {
    bankUri = undefined;
  }
  const params = new URLSearchParams();
  params.set('secret', secret);
  params.set('issuer', bankName);
  for (const key of ['algorithm', 'digits', 'period'] as const) {
    const v = bankUri?.protocol === 'otpauth:' ? bankUri.searchParams.get(key) : null;
    if (v) params.set(key, v);
  }
  // the label is "issuer:account"; the account is what follows the bank's own issuer prefix
  const label = bankUri ? decodeURIComponent(bankUri.pathname.replace(/^\/+/, '')) : '';
  const account = label.includes(':') ? label.slice(label.indexOf(':') + 1).trim() : label.trim();
  const enc = (s: string) => encodeURIComponent(s);
  return `otpauth://totp/${enc(bankName)}:${enc(account || bankName)}?${params.toString().replace(/\+/g, '%20')}`;
}
