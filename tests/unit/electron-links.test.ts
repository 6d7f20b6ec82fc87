/** Links out of the desktop app (src/main/electron/external-links.ts): an allow-list of origins, and the user's confirmation. */
import { describe, expect, it, vi } from 'vitest';
import { allowedExternalUrl, EXTERNAL_ORIGINS, linkOpener, type ExternalLinkDeps } from '../../src/main/electron/external-links.ts';

describe('the allow-list', () => {
  it('is a short list of exact https origins', () => {
    expect(EXTERNAL_ORIGINS.length).toBeGreaterThan(0);
    for (const origin of EXTERNAL_ORIGINS) expect(new URL(origin).origin).toBe(origin);
    for (const origin of EXTERNAL_ORIGINS) expect(origin).toMatch(/^https:\/\//);
    expect(Object.isFrozen(EXTERNAL_ORIGINS)).toBe(true);
  });

  it('lets through https links on those origins, re-serialised', () => {
    expect(allowedExternalUrl('https://bankclient.ru')).toBe('https://bankclient.ru/');
    expect(allowedExternalUrl('https://bankclient.ru/tariffs?x=1#a')).toBe('https://bankclient.ru/tariffs?x=1#a');
    expect(allowedExternalUrl('https://BANKCLIENT.ru:443/a b')).toBe('https://bankclient.ru/a%20b');
    expect(allowedExternalUrl('https://www.bankclient.ru/contacts')).toBe('https://www.bankclient.ru/contacts');
  });

  it.each([
    'http://bankclient.ru/',
    'https://bankclient.ru.evil.example/',
    'https://evil.example/?https://bankclient.ru/',
    'https://evilbankclient.ru/',
    'https://sub.bankclient.ru/',
    'https://bankclient.ru:8443/',
    'https://user:pw@bankclient.ru/',
    'https://bankclient.ru@evil.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://bank-client/index.html',
    'smb://bankclient.ru/share',
    'ms-msdt:/id PCWDiagnostic',
    '//bankclient.ru/',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });
});

describe('opening a link', () => {
  function setup(response: number) {
    const deps = {
      locale: vi.fn((): 'en' | 'ru' => 'en'),
      confirm: vi.fn(() => Promise.resolve({ response })),
      open: vi.fn(() => Promise.resolve()),
    } satisfies ExternalLinkDeps;
    return { deps, open: linkOpener(deps) };
  }

  it('asks first, showing the address, and opens it once the user says so', async () => {
    const { deps, open } = setup(0);
    await expect(open('https://bankclient.ru/tariffs')).resolves.toBe('opened');
    expect(deps.confirm).toHaveBeenCalledOnce();
    expect(deps.confirm.mock.invocationCallOrder[0]).toBeLessThan(deps.open.mock.invocationCallOrder[0]!);
    expect(deps.confirm).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Open bankclient.ru in your web browser?', detail: 'https://bankclient.ru/tariffs', buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1 }),
    );
    expect(deps.open).toHaveBeenCalledWith('https://bankclient.ru/tariffs');
  });

  it('asks in Russian for a Russian user', async () => {
    const { deps, open } = setup(1);
    deps.locale.mockReturnValue('ru');
    await open('https://www.bankclient.ru/');
    expect(deps.confirm).toHaveBeenCalledWith(expect.objectContaining({ title: 'Открыть ссылку', message: 'Открыть www.bankclient.ru в браузере?', buttons: ['Открыть в браузере', 'Отмена'] }));
  });

  it('opens nothing when the user cancels (the default button, Enter or Esc)', async () => {
    const { deps, open } = setup(1);
    await expect(open('https://bankclient.ru/')).resolves.toBe('cancelled');
    expect(deps.open).not.toHaveBeenCalled();
  });

  it('refuses a link off the list without asking', async () => {
    const { deps, open } = setup(0);
    await expect(open('https://evil.example/')).resolves.toBe('refused');
    await expect(open('file:///etc/passwd')).resolves.toBe('refused');
    expect(deps.confirm).not.toHaveBeenCalled();
    expect(deps.open).not.toHaveBeenCalled();
  });

  it('shows one confirmation at a time: a page repeating the link gets no second dialog', async () => {
    const { deps, open } = setup(0);
    let answer!: (value: { response: number }) => void;
    deps.confirm.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const first = open('https://bankclient.ru/a');
    await expect(open('https://bankclient.ru/b')).resolves.toBe('busy');
    answer({ response: 0 });
    await expect(first).resolves.toBe('opened');
    expect(deps.open.mock.calls).toEqual([['https://bankclient.ru/a']]);
    await expect(open('https://bankclient.ru/c')).resolves.toBe('opened'); // free again afterwards
  });
});
