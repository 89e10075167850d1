import type { Conversation, Page as ApiPage, WorkspaceUser } from '@babillard/contracts';
import type { Page } from 'playwright-core';
import { startConsoleHarness, workspaceOf, type ConsoleHarness } from './support/console-harness';

/**
 * The agent console in Debian's Chromium against the real built app (API + socket.io + console on
 * one port) on a fresh PostgreSQL database, with a fake Graph API standing in for Instagram.
 */
describe('agent console in the browser', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const rowWith = (page: Page, text: string) => page.locator('[role=option]', { hasText: text });

  it('shows the login page, then the inbox of the demo workspace, in French for a French agent', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${h.url}/`);
    await page.locator('#login-email').waitFor();
    expect(page.url()).toMatch(/\/login$/);
    await h.screenshot(page, '01-login');

    await page.locator('#login-email').fill('marie@babillard.local');
    await page.locator('#login-password').fill('wrong-password');
    await page.locator('form.login button[type=submit]').click();
    await page.locator('.form-error').waitFor();

    await page.locator('#login-password').fill('babillard-demo');
    await page.locator('form.login button[type=submit]').click();
    await page.getByTestId('workspace-name').waitFor();
    expect(await page.getByTestId('workspace-name').textContent()).toBe('Café Boréal');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('link', { name: 'Boîte de réception' }).waitFor();
    for (const view of ['Les miennes', 'Non assignées', 'Mes équipes', 'Toutes', 'Crise']) {
      await page.locator('.views__item', { hasText: view }).waitFor();
    }
    await page.locator('.views__item--all').click();
    await page.locator('[role=option]').first().waitFor();
    await h.screenshot(page, '02-inbox-fr');
    await context.close();
  });

  it('shows a new Instagram comment without reload, sends the reply to the platform and turns it to sent', async () => {
    const { context, page } = await h.signIn('marie@babillard.local');
    await page.locator('.views__item--all').click();
    await page.locator('[role=option]').first().waitFor();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    const text = `Est-ce que le latte à l’érable revient cet hiver? #${Date.now()}`;
    await h.instagramComment(text);
    const row = rowWith(page, text);
    await row.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(await row.locator('.platform--instagram').count()).toBe(1);
    expect(await row.textContent()).toContain('Commentaire');

    await row.click();
    await page.locator('.thread').getByText(text).waitFor();
    await page.locator('.context', { hasText: 'Commentaire sur la publication' }).waitFor();

    const reply = 'Oui! Il revient le 1er décembre, merci de nous suivre.';
    const box = page.getByRole('textbox', { name: 'Réponse au client' });
    await box.fill(reply);
    await page.getByTestId('length-meter').getByText(`${reply.length} / 2 200`).waitFor();
    await box.press('Control+Enter');

    const bubble = page.locator('.msg--outbound', { hasText: reply });
    await bubble.waitFor();
    await bubble.locator('[data-delivery-status="sent"], [data-delivery-status="delivered"], [data-delivery-status="read"]').waitFor({ timeout: 30_000 });
    expect(await bubble.locator('.msg__status').textContent()).toMatch(/Envoyé|Remis|Lu/);
    const sent = h.graph.posts(/\/replies$/).map((r) => r.body.message);
    expect(sent).toContain(reply);
    await h.screenshot(page, '03-reply-sent-fr');
    await context.close();
  });

  it('shows a second agent the status and assignee changing live, and the collision warning while the first types', async () => {
    // A community thread (no after-sales words), so both community agents hear about it.
    const text = `Trop hâte de goûter la nouvelle mouture d’automne! #${Date.now()}`;
    await h.instagramComment(text, { id: '7789990001', username: 'client.collision' });
    const marie = await h.signIn('marie@babillard.local');
    const sophie = await h.signIn('sophie@babillard.local');
    for (const { page } of [marie, sophie]) {
      await page.locator('.views__item--all').click();
      await rowWith(page, text).click();
      await page.locator('.thread').getByText(text).waitFor();
    }

    // Marie types: Sophie is warned.
    await marie.page.getByRole('textbox', { name: 'Réponse au client' }).pressSequentially('Bonjour, je regarde ça', { delay: 20 });
    const warning = sophie.page.getByTestId('collision-typing');
    await warning.waitFor({ timeout: 15_000 });
    expect(await warning.textContent()).toBe('Marie Gagnon est en train de répondre');
    await h.screenshot(sophie.page, '04-collision-warning');

    // Marie takes it and sets it pending: Sophie's pane follows.
    await marie.page.getByRole('button', { name: 'M’assigner' }).click();
    await sophie.page.waitForFunction(() => {
      const select = document.querySelector<HTMLSelectElement>('#act-assignee');
      return select?.selectedOptions[0]?.textContent?.startsWith('Marie Gagnon');
    }, undefined, { timeout: 15_000 });
    await marie.page.locator('#act-status').selectOption('pending');
    await sophie.page.getByTestId('conversation-status').getByText('En attente').waitFor({ timeout: 15_000 });
    // It left Sophie's list of open conversations without a reload.
    await rowWith(sophie.page, text).waitFor({ state: 'detached', timeout: 15_000 });
    await h.screenshot(sophie.page, '05-second-agent-live');
    await marie.context.close();
    await sophie.context.close();
  });

  it('shows a hostile payload as text: no script runs, no element is injected, only http(s) links', async () => {
    const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> <a href="javascript:window.__pwned=3">clic</a> javascript:window.__pwned=4 voir https://example.com/ok #${Date.now()}`;
    await h.instagramComment(hostile, { id: '6660000666', username: '<b>mallory</b>' });
    const { context, page } = await h.signIn('marie@babillard.local');
    await page.locator('.views__item--all').click();
    const row = rowWith(page, 'window.__pwned=2');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
    await row.click();
    const thread = page.locator('.thread');
    await thread.getByText('<script>window.__pwned=2</script>', { exact: false }).waitFor();
    expect(await page.locator('.thread img, .thread script, .row img, .customer img').count()).toBe(0);
    const threadLinks = await page.locator('.thread a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]));
    expect(threadLinks).toEqual([['https://example.com/ok', 'noopener noreferrer nofollow', '_blank']]);
    const everyHref = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(everyHref.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await h.screenshot(page, '06-hostile-payload');
    await context.close();
  });

  it('lets an English-speaking agent work in English and switch to French, kept after a reload', async () => {
    const { context, page } = await h.signIn('jordan@babillard.local');
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await h.screenshot(page, '07-shortcuts-en');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Paramètres' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Boîte de réception' }).waitFor();
    await h.screenshot(page, '08-settings-fr');
    const me = await h.login('jordan@babillard.local');
    expect(me.user.locale).toBe('fr');
    expect(workspaceOf(me.user)).toBeTruthy();
    await context.close();
  });

  it('alerts an agent with a desktop notification when a lead assigns them a conversation', async () => {
    const { context, page } = await h.signIn('marie@babillard.local');
    await page.evaluate(() => {
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { __shown: typeof shown }).__shown = shown;
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, opts: { body: string }) {
          shown.push({ title, body: opts.body });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
    });
    const lea = await h.login('lea@babillard.local');
    const ws = workspaceOf(lea.user);
    const users = await h.api<WorkspaceUser[]>('GET', `/workspaces/${ws}/users`, lea.accessToken);
    const marie = users.find((u) => u.email === 'marie@babillard.local')!;
    const list = await h.api<ApiPage<Conversation>>('GET', `/workspaces/${ws}/conversations?assigneeId=none&status=open`, lea.accessToken);
    const target = list.items[0];
    await h.api('PATCH', `/workspaces/${ws}/conversations/${target.id}`, lea.accessToken, { assigneeId: marie.id });
    await page.waitForFunction(() => (window as unknown as { __shown: unknown[] }).__shown.length > 0, undefined, { timeout: 15_000 });
    const shown = await page.evaluate(() => (window as unknown as { __shown: { title: string; body: string }[] }).__shown);
    expect(shown[0]).toEqual({ title: 'Nouvelle assignation', body: 'Une conversation vous a été assignée.' });
    await page.locator('.toast', { hasText: 'Nouvelle assignation' }).waitFor();
    await page.locator('.views__item--mine .count', { hasText: /^[1-9]/ }).waitFor({ timeout: 15_000 });
    await context.close();
  });

  it('works from the keyboard: j/k move, r and n focus the composer, / searches, e resolves', async () => {
    const { context, page } = await h.signIn('marie@babillard.local');
    await page.locator('.views__item--all').click();
    await page.locator('[role=option]').first().waitFor();
    const options = page.locator('[role=option]');
    const idOf = async (i: number) => options.nth(i).getAttribute('data-conversation-id');

    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/${await idOf(0)}$`));
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/${await idOf(1)}$`));
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`/${await idOf(0)}$`));
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');

    await page.locator('.conv-head h2').waitFor();
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toMatch(/^Écrire une réponse/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toMatch(/^Écrire une note privée/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inbox-search');
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 880 } });

    const first = await idOf(0);
    await page.keyboard.press('e');
    // Resolved: it leaves the open queue and the console moves on to the next conversation.
    await page.locator(`[data-conversation-id="${first}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForURL((url) => !url.pathname.endsWith(`/${first}`));
    await context.close();
  });

  it('with the workspace soft lock on, asks a second agent to confirm before replying over a colleague', async () => {
    const admin = await h.login('admin@babillard.local');
    await h.api('PATCH', `/workspaces/${workspaceOf(admin.user)}`, admin.accessToken, { settings: { softLock: true } });
    const text = `Vous êtes ouverts le 24 décembre? #${Date.now()}`;
    await h.instagramComment(text, { id: '7781112223', username: 'client.softlock' });
    const marie = await h.signIn('marie@babillard.local');
    const sophie = await h.signIn('sophie@babillard.local');
    for (const { page } of [marie, sophie]) {
      await page.locator('.views__item--all').click();
      await rowWith(page, text).click();
      await page.locator('.thread').getByText(text).waitFor();
    }
    await marie.page.getByRole('textbox', { name: 'Réponse au client' }).pressSequentially('Oui, de 8 h à', { delay: 20 });
    await sophie.page.getByTestId('collision-typing').waitFor({ timeout: 15_000 });

    const reply = 'Oui, nous sommes ouverts de 8 h à 15 h le 24 décembre.';
    const box = sophie.page.getByRole('textbox', { name: 'Réponse au client' });
    await box.fill(reply);
    await box.press('Control+Enter');
    const dialog = sophie.page.getByRole('dialog', { name: 'Vérifier avant de répondre' });
    await dialog.getByText('Marie Gagnon répond à cette conversation en ce moment.').waitFor();
    expect(await dialog.locator('li').allTextContents()).toEqual(['Marie Gagnon répond à cette conversation en ce moment.']);
    await h.screenshot(sophie.page, '10-soft-lock-confirm');
    expect(h.graph.posts(/\/replies$/).map((r) => r.body.message)).not.toContain(reply);

    await dialog.getByRole('button', { name: 'Envoyer quand même' }).click();
    await sophie.page.locator('.msg--outbound', { hasText: reply }).locator('[data-delivery-status="sent"], [data-delivery-status="delivered"]').waitFor({ timeout: 30_000 });
    expect(h.graph.posts(/\/replies$/).map((r) => r.body.message)).toContain(reply);
    await marie.context.close();
    await sophie.context.close();
  });
});
