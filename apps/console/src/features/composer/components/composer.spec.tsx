import { queryKeys, type CannedResponse, type Message } from '@babillard/contracts';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { conversation, page, WS } from '../../../testing/fixtures';
import { mockFetch, renderWithProviders, testQueryClient } from '../../../testing/render';
import type { MessagePages } from '../../../lib/realtime-cache';
import { Composer } from './composer';

const me = { id: 'me', name: 'Alex' };
const colleagues = [
  { id: 'u-marie', name: 'Marie Gagnon' },
  { id: 'u-jordan', name: 'Jordan Smith' },
];
const xMention = conversation({ id: 'c-x', platform: 'x', kind: 'mention' });

const canned = (shortcut: string, text: string, locale: CannedResponse['locale']): CannedResponse => ({
  id: `cr-${shortcut}`,
  workspaceId: WS,
  shortcut,
  text,
  locale,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});
const CANNED = [
  canned('merci', 'Merci pour votre message, toute l’équipe l’apprécie!', 'fr'),
  canned('commande', 'Pouvez-vous nous envoyer votre numéro de commande?', 'fr'),
  canned('order', 'Could you send us your order number (commande)?', 'en'),
  canned('thanks', 'Thank you for your message, it means a lot to the team!', 'en'),
];

/** `canned: null` leaves the workspace's responses to be fetched (through fetch, as in the app). */
function setup(props: Partial<React.ComponentProps<typeof Composer>> = {}, locale: 'fr' | 'en' = 'en', cannedResponses: CannedResponse[] | null = CANNED) {
  const c = props.conversation ?? xMention;
  const queryClient = testQueryClient();
  if (cannedResponses) queryClient.setQueryData(queryKeys.cannedResponses(WS), cannedResponses);
  const view = renderWithProviders(
    <Composer workspaceId={WS} conversation={c} me={me} lastInboundAt={new Date()} inboundCount={1} lastMessageId="m-last" softLock={false} assignee={null} replying={[]} colleagues={colleagues} {...props} />,
    { locale, queryClient },
  );
  view.queryClient.setQueryData(queryKeys.messages(WS, c.id), page<Message>([]));
  const textarea = screen.getByRole('textbox');
  const thread = () => view.queryClient.getQueryData<MessagePages>(queryKeys.messages(WS, c.id))?.pages[0].items ?? [];
  return { ...view, textarea, thread };
}

describe('Composer', () => {
  it('shows the length against the platform limit live and blocks sending over it', () => {
    const { textarea } = setup();
    fireEvent.change(textarea, { target: { value: 'a'.repeat(10) } });
    expect(screen.getByTestId('length-meter').textContent).toBe('10 / 280');
    fireEvent.change(textarea, { target: { value: 'a'.repeat(283) } });
    expect(screen.getByTestId('length-meter').textContent).toBe('3 characters over the 280 limit');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('tells the agent the messaging window closed and refuses a free-form reply', () => {
    const dm = conversation({ id: 'c-dm', platform: 'facebook', kind: 'dm' });
    const { textarea } = setup({ conversation: dm, lastInboundAt: new Date(Date.now() - 30 * 3_600_000) }, 'fr');
    fireEvent.change(textarea, { target: { value: 'Bonjour!' } });
    expect(screen.getByTestId('window-state').textContent).toMatch(/^Fenêtre de messagerie fermée il y a 6 heures/);
    expect((screen.getByRole('button', { name: 'Envoyer' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends with Ctrl+Enter, shows the reply at once as pending, then the server copy', async () => {
    let release: (v: { status: number; body: unknown }) => void = () => undefined;
    const answered = new Promise<{ status: number; body: unknown }>((r) => (release = r));
    const { fn, calls } = mockFetch({});
    fn.mockImplementationOnce(async (input: string, init?: RequestInit) => {
      calls.push({ method: init?.method ?? 'GET', path: new URL(input, 'http://t').pathname, body: JSON.parse(String(init?.body)) });
      const res = await answered;
      return { ok: true, status: res.status, statusText: '', text: async () => JSON.stringify(res.body) } as Response;
    });
    const { textarea, thread } = setup();
    fireEvent.change(textarea, { target: { value: 'Merci pour votre patience' } });
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(thread()).toHaveLength(1));
    expect(thread()[0]).toMatchObject({ text: 'Merci pour votre patience', deliveryStatus: 'pending', direction: 'outbound' });
    expect(calls[0].path).toBe(`/api/v1/workspaces/${WS}/conversations/c-x/replies`);
    expect(calls[0].body).toEqual({ text: 'Merci pour votre patience', idempotencyKey: expect.any(String) });
    expect((textarea as HTMLTextAreaElement).value).toBe('');

    const server = { ...thread()[0], id: 'm-server', deliveryStatus: 'pending' };
    await act(async () => release({ status: 202, body: server }));
    await waitFor(() => expect(thread().map((m) => m.id)).toEqual(['m-server']));
  });

  it('marks the reply failed with the server message when it is refused', async () => {
    mockFetch({
      [`POST /workspaces/${WS}/conversations/c-x/replies`]: () => ({ status: 422, body: { statusCode: 422, error: 'Unprocessable Entity', message: 'the 24-hour window closed 3 h ago' } }),
    });
    const { textarea, thread } = setup();
    fireEvent.change(textarea, { target: { value: 'Allo' } });
    fireEvent.keyDown(textarea, { key: 'Enter', metaKey: true });
    await waitFor(() => expect(thread()[0]).toMatchObject({ deliveryStatus: 'failed', error: 'the 24-hour window closed 3 h ago' }));
  });

  it('with the soft lock on, asks before replying over a colleague who is typing', async () => {
    const { fn } = mockFetch({ [`POST /workspaces/${WS}/conversations/c-x/replies`]: (b) => ({ status: 202, body: { ...(b as object), id: 'm1' } }) });
    const { textarea } = setup({ softLock: true, replying: [{ userId: 'marie', userName: 'Marie' }] });
    fireEvent.change(textarea, { target: { value: 'Bonjour' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText('Marie is replying to this conversation right now.')).toBeTruthy();
    expect(fn).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(fn).toHaveBeenCalledTimes(1));
  });

  it('holds a reply when customer messages arrived since the thread was opened', () => {
    const { fn } = mockFetch({});
    const view = setup({ softLock: true, inboundCount: 1 });
    view.rerender(
      <Composer workspaceId={WS} conversation={xMention} me={me} lastInboundAt={new Date()} inboundCount={3} lastMessageId="m-last" softLock assignee={null} replying={[]} colleagues={colleagues} />,
    );
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Réponse' } });
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', ctrlKey: true });
    expect(screen.getByText('2 new customer messages arrived since you opened the thread.')).toBeTruthy();
    expect(fn).not.toHaveBeenCalled();
  });

  it('under the soft lock, sends the last seen message id and gives the text back when the server says the thread changed', async () => {
    const stale = 'the conversation changed since you opened it: the customer wrote 1 new message; read them before replying';
    const { calls } = mockFetch({
      [`POST /workspaces/${WS}/conversations/c-x/replies`]: () => ({ status: 409, body: { statusCode: 409, error: 'Conflict', message: stale } }),
    });
    const { textarea, thread } = setup({ softLock: true });
    fireEvent.change(textarea, { target: { value: 'Réponse rapide' } });
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    await screen.findByText(stale);
    expect(calls[0].body).toMatchObject({ expectedLastMessageId: 'm-last' });
    expect((textarea as HTMLTextAreaElement).value).toBe('Réponse rapide');
    expect(thread()).toEqual([]); // nothing shown as sent
  });

  it('takes the thread as first loaded as the baseline, not the empty thread while loading', async () => {
    const { fn } = mockFetch({ [`POST /workspaces/${WS}/conversations/c-x/replies`]: (b) => ({ status: 202, body: { ...(b as object), id: 'm1' } }) });
    const view = setup({ softLock: true, inboundCount: null });
    view.rerender(
      <Composer workspaceId={WS} conversation={xMention} me={me} lastInboundAt={new Date()} inboundCount={2} lastMessageId="m-last" softLock assignee={null} replying={[]} colleagues={colleagues} />,
    );
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Réponse' } });
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', ctrlKey: true });
    expect(screen.queryByText(/new customer message/)).toBeNull();
    await waitFor(() => expect(fn).toHaveBeenCalledTimes(1));
  });

  it('in a note, suggests colleagues on @ and sends the picked ones as mentions', async () => {
    const { calls } = mockFetch({ [`POST /workspaces/${WS}/conversations/c-x/notes`]: (b) => ({ status: 201, body: { ...(b as object), id: 'n1' } }) });
    const { textarea } = setup();
    fireEvent.click(screen.getByRole('radio', { name: 'Private note' }));
    fireEvent.change(textarea, { target: { value: 'Peux-tu regarder @mar', selectionStart: 21 } });
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['@Marie Marie Gagnon']);
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect((textarea as HTMLTextAreaElement).value).toBe('Peux-tu regarder @Marie ');
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body).toEqual({ text: 'Peux-tu regarder @Marie', mentionedUserIds: ['u-marie'] });
  });

  it('reads the workspace’s canned responses from the API, offers them on / and inserts the chosen one', async () => {
    const { calls } = mockFetch({ [`GET /workspaces/${WS}/canned-responses`]: () => ({ status: 200, body: CANNED }) });
    const { textarea } = setup({}, 'en', null);
    await waitFor(() => expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /workspaces/${WS}/canned-responses`]));
    fireEvent.change(textarea, { target: { value: 'Hi! /than', selectionStart: 9 } });
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['/thanks Thank you for your message, it means a lot to the team!']);
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect((textarea as HTMLTextAreaElement).value).toBe('Hi! Thank you for your message, it means a lot to the team!');
  });

  it('lists the responses in the agent’s language first, matching shortcut before text', async () => {
    setup({}, 'fr');
    const textarea = screen.getByRole('textbox');
    fireEvent.change(textarea, { target: { value: '/', selectionStart: 1 } });
    expect((await screen.findAllByRole('option')).map((o) => o.textContent?.split(' ')[0])).toEqual(['/merci', '/commande', '/order', '/thanks']);
    fireEvent.change(textarea, { target: { value: '/comm', selectionStart: 5 } });
    // /commande by its shortcut, then /order whose text mentions "commande".
    expect(screen.getAllByRole('option').map((o) => o.textContent?.split(' ')[0])).toEqual(['/commande', '/order']);
    fireEvent.keyDown(textarea, { key: 'ArrowDown' });
    fireEvent.keyDown(textarea, { key: 'Tab' });
    expect((textarea as HTMLTextAreaElement).value).toBe('Could you send us your order number (commande)?');
  });

  it('offers nothing on / when the workspace has no canned response', async () => {
    const { calls } = mockFetch({ [`GET /workspaces/${WS}/canned-responses`]: () => ({ status: 200, body: [] }) });
    const { textarea } = setup({}, 'en', null);
    await waitFor(() => expect(calls).toHaveLength(1));
    fireEvent.change(textarea, { target: { value: '/merci', selectionStart: 6 } });
    expect(screen.queryAllByRole('option')).toEqual([]);
  });
});
