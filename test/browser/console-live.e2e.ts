import type { CannedResponse, Conversation, Page as ApiPage, WorkspaceUser } from '@babillard/contracts';
import type { Page } from 'playwright-core';
import { startConsoleHarness, workspaceOf, type ConsoleHarness } from './support/console-harness';

/**
 * The console's live and team features in Chromium against the real built app and socket.io: bulk
 * actions, the crisis banner, colleagues' presence, catching up after a lost connection, the
 * workspace's canned responses and the snooze field in the interface language.
 */
describe('agent console: bulk actions, crisis, presence, reconnect', () => {
  let h: ConsoleHarness;
  let ws: string;
  let leadToken: string;
  let users: WorkspaceUser[];

  beforeAll(async () => {
    h = await startConsoleHarness();
    const lea = await h.login('lea@babillard.local');
    ws = workspaceOf(lea.user);
    leadToken = lea.accessToken;
    users = await h.api<WorkspaceUser[]>('GET', `/workspaces/${ws}/users`, leadToken);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const userId = (email: string) => users.find((u) => u.email === email)!.id;
  const rowWith = (page: Page, text: string) => page.locator('.list [role=option]', { hasText: text });
  const markNoReload = (page: Page) => page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const stillNoReload = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload);
  /** The conversation shown in a row of the page, as the API has it now. */
  const conversationIn = async (page: Page, text: string) => {
    const id = await rowWith(page, text).first().getAttribute('data-conversation-id');
    return h.api<Conversation>('GET', `/workspaces/${ws}/conversations/${id}`, leadToken);
  };
  const until = async (check: () => Promise<boolean>, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  /** Customer comments, one second apart so they queue in order. */
  async function comments(tag: string, n: number): Promise<string[]> {
    const texts: string[] = [];
    for (let i = 1; i <= n; i++) {
      const text = `Vous livrez à Trois-Rivières? ${tag}-${i}`;
      await h.instagramComment(text, { id: `77700${i}${Date.now() % 100000}`, username: `client.${tag}.${i}` });
      texts.push(text);
      await new Promise((r) => setTimeout(r, 1100));
    }
    return texts;
  }

  it('selects conversations (box, Shift-click range, x) and changes priority, assignee and labels of all at once, live for a colleague', async () => {
    const tag = `bulk${Date.now() % 100000}`;
    const texts = await comments(tag, 4);
    const lea = await h.signIn('lea@babillard.local');
    const marie = await h.signIn('marie@babillard.local');
    for (const { page } of [lea, marie]) {
      await page.locator('.views__item--all').click();
      for (const text of texts) await rowWith(page, text).waitFor({ timeout: 20_000 });
      await markNoReload(page);
    }
    const p = lea.page;

    // One box, then Shift-click a later one: the range between them.
    await rowWith(p, texts[0]).locator('.list__check').click();
    await rowWith(p, texts[2]).locator('.list__check').click({ modifiers: ['Shift'] });
    await p.getByTestId('bulk-count').getByText('3 sélectionnées').waitFor();
    for (const [i, checked] of [true, true, true, false].entries()) {
      expect(await rowWith(p, texts[i]).locator('.list__check').isChecked()).toBe(checked);
    }
    await h.screenshot(p, '12-bulk-selection');

    await p.getByLabel('Changer la priorité').selectOption('urgent');
    await p.locator('.toast', { hasText: '3 conversations mises à jour.' }).waitFor({ timeout: 15_000 });
    const byText = new Map(await Promise.all(texts.map(async (t) => [t, await conversationIn(p, t)] as const)));
    const ids = texts.map((t) => byText.get(t)!.id);
    const stored = () => Promise.all(ids.map((id) => h.api<Conversation>('GET', `/workspaces/${ws}/conversations/${id}`, leadToken)));
    expect((await stored()).map((c) => c.priority === 'urgent')).toEqual([true, true, true, false]);
    // Marie's list follows without a reload.
    for (const text of texts.slice(0, 3)) await rowWith(marie.page, text).locator('.chip--prio-urgent').waitFor({ timeout: 15_000 });

    // The open conversation joins the selection with x.
    await rowWith(p, texts[3]).click();
    await p.locator('.conv-head h2').waitFor();
    await p.locator('body').press('x');
    await p.getByTestId('bulk-count').getByText('4 sélectionnées').waitFor();

    await p.getByLabel('Assigner à').selectOption(userId('marie@babillard.local'));
    await p.locator('.toast', { hasText: '4 conversations mises à jour.' }).waitFor({ timeout: 15_000 });
    for (const text of texts) await rowWith(p, text).locator('.row__assignee', { hasText: 'Marie Gagnon' }).waitFor({ timeout: 15_000 });
    // Marie sees them arrive in her own view.
    await marie.page.locator('.views__item--mine').click();
    for (const text of texts) await rowWith(marie.page, text).waitFor({ timeout: 15_000 });

    await p.getByLabel('Étiquette', { exact: true }).fill('Promo hiver');
    await p.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await p.locator('.toast', { hasText: '4 conversations mises à jour.' }).nth(0).waitFor();
    await until(async () => (await stored()).every((c) => c.labels.includes('promo hiver') && c.assigneeId === userId('marie@babillard.local')));

    await p.getByRole('button', { name: 'Tout désélectionner' }).click();
    expect(await p.getByTestId('bulk-count').count()).toBe(0);
    expect(await stillNoReload(p)).toBe(true);
    expect(await stillNoReload(marie.page)).toBe(true);
    await h.screenshot(marie.page, '13-bulk-live-for-colleague');
    await lea.context.close();
    await marie.context.close();
  });

  it('shows the crisis banner with the incident’s threads as soon as a lead opens it', async () => {
    const tag = `crise${Date.now() % 100000}`;
    const texts = await comments(tag, 2);
    const { context, page } = await h.signIn('sophie@babillard.local');
    await page.locator('.views__item--all').click();
    await rowWith(page, texts[0]).waitFor({ timeout: 20_000 });
    await markNoReload(page);
    const title = `Rappel du mélange noisette ${tag}`;
    expect(await page.locator('.crisis-banner', { hasText: title }).count()).toBe(0);

    const threads = await Promise.all(texts.map((t) => conversationIn(page, t)));
    await h.api('POST', `/workspaces/${ws}/crises`, leadToken, { title, reason: 'Réactions allergiques signalées', conversationIds: threads.map((c) => c.id) });
    const banner = page.locator('.crisis-banner', { hasText: title });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    await banner.getByText('2 fils').waitFor();
    await h.screenshot(page, '14-crisis-banner');

    // Each thread button opens its conversation; the crisis view lists both.
    await banner.getByRole('button', { name: 'Fil 2' }).click();
    await page.waitForURL(new RegExp(`/inbox/crisis/${threads[1].id}$`));
    await page.locator('.thread').getByText(texts[1]).waitFor();
    for (const text of texts) await rowWith(page, text).locator('.chip--crisis').waitFor({ timeout: 15_000 });
    expect(await stillNoReload(page)).toBe(true);
    await context.close();
  });

  it('shows a colleague coming online and going offline', async () => {
    const { context, page } = await h.signIn('marie@babillard.local');
    const jordan = page.getByTestId(`presence-${userId('jordan@babillard.local')}`);
    await jordan.waitFor();
    expect(await jordan.getAttribute('data-presence')).toBe('offline');
    expect(await jordan.textContent()).toContain('Hors ligne');

    const other = await h.signIn('jordan@babillard.local');
    await page.waitForFunction((id) => document.querySelector(`[data-testid="presence-${id}"]`)?.getAttribute('data-presence') === 'online', userId('jordan@babillard.local'), { timeout: 15_000 });
    expect(await jordan.textContent()).toContain('En ligne');
    await h.screenshot(page, '15-presence-online');

    await other.context.close();
    await page.waitForFunction((id) => document.querySelector(`[data-testid="presence-${id}"]`)?.getAttribute('data-presence') === 'offline', userId('jordan@babillard.local'), { timeout: 20_000 });
    await context.close();
  });

  it('catches up after losing the connection: what changed meanwhile appears without a reload, from the replay', async () => {
    const tag = `reco${Date.now() % 100000}`;
    const [text] = await comments(tag, 1);
    const { context, page } = await h.signIn('marie@babillard.local');
    await page.locator('.views__item--all').click();
    const row = rowWith(page, text);
    await row.waitFor({ timeout: 20_000 });
    await markNoReload(page);
    const status = page.locator('.topbar .conn');
    await status.getByText('En direct').waitFor();

    // The connection drops; meanwhile a lead changes the conversation and a customer writes.
    await context.setOffline(true);
    await status.getByText('Hors ligne — reconnexion').waitFor({ timeout: 30_000 });
    const conv = await conversationIn(page, text);
    await h.api('PATCH', `/workspaces/${ws}/conversations/${conv.id}`, leadToken, { priority: 'urgent', labels: ['rappel'] });
    const later = `Toujours pas de nouvelles? ${tag}-new`;
    await h.instagramComment(later, { id: `7771${Date.now() % 100000}`, username: `client.${tag}.new` });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await row.locator('.chip--prio-urgent').count()).toBe(0);
    expect(await rowWith(page, later).count()).toBe(0);

    const listRequests: string[] = [];
    page.on('request', (r) => {
      if (/\/conversations\?/.test(r.url())) listRequests.push(r.url());
    });
    await context.setOffline(false);
    await status.getByText('En direct').waitFor({ timeout: 30_000 });
    await row.locator('.chip--prio-urgent').waitFor({ timeout: 15_000 });
    await rowWith(page, later).waitFor({ timeout: 15_000 });
    expect(await stillNoReload(page)).toBe(true);
    // Replayed events, not a refetch of the list.
    expect(listRequests).toEqual([]);
    await h.screenshot(page, '16-reconnect-replayed');
    await context.close();
  });

  it('offers the workspace’s canned responses, edited by a lead in the settings, on / in the composer', async () => {
    const lea = await h.signIn('lea@babillard.local');
    await lea.page.getByRole('link', { name: 'Paramètres' }).click();
    const editor = lea.page.locator('.canned-editor');
    await editor.getByTestId('canned-bonjour').waitFor();
    const add = editor.locator('form').last();
    await add.getByLabel('Raccourci').fill('hiver');
    await add.getByLabel('Langue').selectOption('fr');
    await add.getByLabel('Texte').fill('Nos heures d’hiver : 7 h à 18 h, 7 jours sur 7.');
    await add.getByRole('button', { name: 'Ajouter la réponse' }).click();
    await editor.getByTestId('canned-hiver').waitFor();
    await h.screenshot(lea.page, '17-canned-responses-settings');
    const stored = await h.api<CannedResponse[]>('GET', `/workspaces/${ws}/canned-responses`, leadToken);
    expect(stored.find((c) => c.shortcut === 'hiver')).toMatchObject({ locale: 'fr', text: 'Nos heures d’hiver : 7 h à 18 h, 7 jours sur 7.' });
    await lea.context.close();

    const { context, page } = await h.signIn('marie@babillard.local');
    await page.locator('.views__item--all').click();
    await page.locator('.list [role=option]').first().click();
    const box = page.getByRole('textbox', { name: 'Réponse au client' });
    await box.fill('Bonjour! /hiv');
    const menu = page.getByRole('listbox', { name: 'Réponses types' });
    await menu.getByRole('option', { name: /\/hiver/ }).waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Bonjour! Nos heures d’hiver : 7 h à 18 h, 7 jours sur 7.');
    await context.close();
  });

  it('picks the snooze date and time in the interface language, whatever the browser’s', async () => {
    const { context, page } = await h.signIn('marie@babillard.local');
    expect(await page.evaluate(() => navigator.language)).toMatch(/^en/);
    await page.locator('.views__item--all').click();
    await page.locator('.list [role=option]').first().click();
    const field = page.getByRole('group', { name: 'En pause jusqu’au' });
    const day = field.getByRole('combobox', { name: 'Jour' });
    const time = field.getByRole('combobox', { name: 'Heure' });
    // The thread opens after the click: wait for its snooze field before reading the options.
    await day.locator('option').nth(1).waitFor({ state: 'attached' });
    const days = await day.locator('option').allTextContents();
    expect(days[1]).toMatch(/^Demain — (lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2} /);
    expect(await time.locator('option').allTextContents()).toEqual(expect.arrayContaining(['9 h 00', '14 h 30']));
    await day.selectOption({ index: 1 });
    await time.selectOption({ label: '9 h 00' });
    const expected = await page.evaluate(() => {
      const d = new Date();
      return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9, 0).toISOString();
    });
    const id = page.url().split('/').pop()!;
    await page.getByRole('button', { name: 'Mettre en pause' }).click();
    await page.getByTestId('conversation-status').getByText('En pause').waitFor({ timeout: 15_000 });
    const stored = () => h.api<Conversation>('GET', `/workspaces/${ws}/conversations/${id}`, leadToken);
    await until(async () => (await stored()).status === 'snoozed');
    expect(await stored()).toMatchObject({ status: 'snoozed', snoozedUntil: expected });
    await h.screenshot(page, '18-snooze-fr');
    await context.close();
  });
});
