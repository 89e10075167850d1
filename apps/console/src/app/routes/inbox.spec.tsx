import type { BulkUpdateConversationsRequest, Conversation, Me, Team, WorkspaceUser } from '@babillard/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Toaster } from '../../components/ui/toaster';
import { WorkspaceScopeProvider } from '../../lib/session';
import { conversation, ME, WS } from '../../testing/fixtures';
import { mockFetch, renderWithProviders } from '../../testing/render';
import { InboxRoute } from './inbox';

const me: Me = { id: ME, email: 'me@x.test', name: 'Alex Moi', locale: 'en', availability: 'available', instanceAdmin: false, workspaces: [{ id: WS, name: 'Café', role: 'agent' }] };
const MARIE = '00000000-0000-4000-8000-00000000000a';
const users: WorkspaceUser[] = [
  { id: ME, email: 'me@x.test', name: 'Alex Moi', locale: 'en', role: 'agent', availability: 'available', teamIds: ['team-1'] },
  { id: MARIE, email: 'marie@x.test', name: 'Marie Gagnon', locale: 'fr', role: 'agent', availability: 'available', teamIds: ['team-1'] },
];
const teams: Team[] = [{ id: 'team-1', workspaceId: WS, name: 'Communauté', memberIds: [ME, MARIE] }];

// The virtualised list measures its scroll box (give it a height in jsdom) and marks when rows first show.
beforeAll(() => {
  Object.assign(performance, { getEntriesByName: () => [], mark: () => undefined });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList?.contains('list') ? 900 : 0;
    },
  });
});

function setup(opts: { locale?: 'fr' | 'en'; rows?: Conversation[] } = {}) {
  const rows = opts.rows ?? Array.from({ length: 6 }, (_, i) => conversation({ contact: { id: `ct${i}`, name: `Client ${String.fromCharCode(65 + i)}`, handle: null, followers: 1 }, labels: i === 0 ? ['vip'] : [] }));
  const server = new Map(rows.map((c) => [c.id, c]));
  const bulkBodies: BulkUpdateConversationsRequest[] = [];
  const { calls } = mockFetch({
    [`GET /workspaces/${WS}/conversations`]: () => ({ status: 200, body: { items: [...server.values()].filter((c) => c.assigneeId === null), nextCursor: null } }),
    [`GET /workspaces/${WS}/conversations/counts`]: () => ({ status: 200, body: { mine: 0, unassigned: server.size, my_teams: 0, all: server.size, crisis: 0 } }),
    [`GET /workspaces/${WS}/teams`]: () => ({ status: 200, body: teams }),
    [`GET /workspaces/${WS}/users`]: () => ({ status: 200, body: users }),
    [`GET /workspaces/${WS}/crises`]: () => ({ status: 200, body: [] }),
    [`GET /workspaces/${WS}/presence`]: () => ({ status: 200, body: { [MARIE]: 'online' } }),
    [`PATCH /workspaces/${WS}/conversations`]: (b) => {
      const { ids, ...patch } = b as BulkUpdateConversationsRequest;
      bulkBodies.push(b as BulkUpdateConversationsRequest);
      const items = ids.map((id) => ({ ...server.get(id)!, ...patch }) as Conversation);
      items.forEach((c) => server.set(c.id, c));
      return { status: 200, body: { items, notFound: [] } };
    },
  });
  const view = renderWithProviders(
    <Toaster>
      <WorkspaceScopeProvider value={{ workspaceId: WS, role: 'agent', me }}>
        <InboxRoute view="unassigned" conversationId={null} />
      </WorkspaceScopeProvider>
    </Toaster>,
    { locale: opts.locale ?? 'en' },
  );
  const box = (name: string) => screen.getByRole('checkbox', { name: new RegExp(`with ${name}$|avec ${name}$`) });
  const names = () => [...document.querySelectorAll('.list [role=option] .row__contact')].map((o) => o.textContent);
  return { ...view, rows, bulkBodies, calls, box, names };
}

describe('inbox bulk actions', () => {
  it('ticks rows one by one and by Shift-click range, and assigns them all through the bulk endpoint; the list follows at once', async () => {
    const { box, names, bulkBodies, rows } = setup();
    await screen.findByText('Client A');
    expect(names()).toEqual(['Client A', 'Client B', 'Client C', 'Client D', 'Client E', 'Client F']);

    fireEvent.click(box('Client B'));
    fireEvent.click(box('Client D'), { shiftKey: true });
    expect(screen.getByTestId('bulk-count').textContent).toBe('3 selected');
    expect([box('Client B'), box('Client C'), box('Client D')].every((b) => (b as HTMLInputElement).checked)).toBe(true);
    expect((box('Client A') as HTMLInputElement).checked).toBe(false);

    fireEvent.change(screen.getByLabelText('Assign to'), { target: { value: MARIE } });
    await waitFor(() => expect(bulkBodies).toHaveLength(1));
    expect(bulkBodies[0]).toEqual({ assigneeId: MARIE, ids: [rows[1].id, rows[2].id, rows[3].id] });
    // Assigned: they leave the Unassigned view without a refetch, and the selection with them.
    await waitFor(() => expect(names()).toEqual(['Client A', 'Client E', 'Client F']));
    expect(screen.queryByTestId('bulk-count')).toBeNull();
    await screen.findByText('3 conversations updated.');
  });

  it('selects every row shown, changes status and priority, and adds a label only where it is missing', async () => {
    const { names, bulkBodies, rows } = setup();
    await screen.findByText('Client A');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 6 conversations shown' }));
    expect(screen.getByTestId('bulk-count').textContent).toBe('6 selected');

    fireEvent.change(screen.getByLabelText('Set priority'), { target: { value: 'urgent' } });
    await waitFor(() => expect(bulkBodies).toHaveLength(1));
    expect(bulkBodies[0]).toEqual({ priority: 'urgent', ids: rows.map((c) => c.id) });
    await waitFor(() => expect(screen.getAllByText('Urgent').length).toBeGreaterThanOrEqual(6));

    fireEvent.change(screen.getByLabelText('Label'), { target: { value: ' VIP ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    // Client A already has it: one request for the five others.
    await waitFor(() => expect(bulkBodies).toHaveLength(2));
    expect(bulkBodies[1].labels).toEqual(['vip']);
    expect([...bulkBodies[1].ids].sort()).toEqual(rows.slice(1).map((c) => c.id).sort());

    fireEvent.change(screen.getByLabelText('Set status'), { target: { value: 'resolved' } });
    await waitFor(() => expect(bulkBodies).toHaveLength(3));
    expect(bulkBodies[2].status).toBe('resolved');
    expect([...bulkBodies[2].ids].sort()).toEqual(rows.map((c) => c.id).sort());
    // The Unassigned view shows open conversations: resolved ones leave it.
    await waitFor(() => expect(names()).toEqual([]));
  });

  it('toggles the open row with x, and speaks French in a French interface', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => conversation({ contact: { id: `k${i}`, name: `Cliente ${i}`, handle: null, followers: 1 } }));
    setup({ locale: 'fr', rows });
    await screen.findByText('Cliente 0');
    expect(screen.getByRole('checkbox', { name: 'Sélectionner les 3 conversations affichées' })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner la conversation avec Cliente 0' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner la conversation avec Cliente 2' }));
    expect(screen.getByTestId('bulk-count').textContent).toBe('2 sélectionnées');
    const bar = screen.getByRole('region', { name: 'Actions groupées' });
    expect(within(bar).getByLabelText('Assigner à')).toBeTruthy();
    expect(within(bar).getByLabelText('Changer le statut')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: 'Tout désélectionner' }));
    expect(screen.queryByTestId('bulk-count')).toBeNull();
  });
});

describe('inbox keyboard selection', () => {
  it('x ticks and unticks the conversation open in the list', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => conversation({ contact: { id: `q${i}`, name: `Quinn ${i}`, handle: null, followers: 1 } }));
    const { rerender } = setup({ rows });
    await screen.findByText('Quinn 0');
    // The route with conversation 1 open (its pane loads; the list keeps its rows).
    rerender(
      <Toaster>
        <WorkspaceScopeProvider value={{ workspaceId: WS, role: 'agent', me }}>
          <InboxRoute view="unassigned" conversationId={rows[1].id} />
        </WorkspaceScopeProvider>
      </Toaster>,
    );
    await act(async () => {
      fireEvent.keyDown(window, { key: 'x' });
    });
    expect(screen.getByTestId('bulk-count').textContent).toBe('1 selected');
    expect((screen.getByRole('checkbox', { name: 'Select the conversation with Quinn 1' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.keyDown(window, { key: 'x' });
    expect(screen.queryByTestId('bulk-count')).toBeNull();
  });
});
