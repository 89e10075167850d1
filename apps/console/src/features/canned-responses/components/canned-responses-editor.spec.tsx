import type { CannedResponse } from '@babillard/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Toaster } from '../../../components/ui/toaster';
import { WS } from '../../../testing/fixtures';
import { mockFetch, renderWithProviders } from '../../../testing/render';
import { CannedResponsesEditor } from './canned-responses-editor';

const merci: CannedResponse = { id: 'cr-1', workspaceId: WS, shortcut: 'merci', text: 'Merci!', locale: 'fr', createdAt: '', updatedAt: '' };

function setup(canEdit: boolean) {
  let list = [merci];
  const { calls } = mockFetch({
    [`GET /workspaces/${WS}/canned-responses`]: () => ({ status: 200, body: list }),
    [`POST /workspaces/${WS}/canned-responses`]: (b) => {
      const body = b as { shortcut: string; text: string; locale: 'fr' | 'en' | null };
      if (body.shortcut === 'merci') return { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'the shortcut /merci is already used in this workspace' } };
      const created = { ...merci, ...body, id: 'cr-2' };
      list = [...list, created];
      return { status: 201, body: created };
    },
    [`PATCH /workspaces/${WS}/canned-responses/cr-1`]: (b) => ({ status: 200, body: { ...merci, ...(b as object) } }),
    [`DELETE /workspaces/${WS}/canned-responses/cr-1`]: () => ({ status: 204 }),
  });
  renderWithProviders(
    <Toaster>
      <CannedResponsesEditor workspaceId={WS} canEdit={canEdit} />
    </Toaster>,
    { locale: 'en' },
  );
  return { calls };
}

describe('canned responses editor', () => {
  it('lets a lead add, edit and delete the workspace’s responses, showing the server’s refusal', async () => {
    const { calls } = setup(true);
    await screen.findByTestId('canned-merci');

    const add = screen.getByRole('button', { name: 'Add the response' }).closest('form')!;
    fireEvent.change(within(add).getByLabelText('Shortcut'), { target: { value: 'merci' } });
    fireEvent.change(within(add).getByLabelText('Text'), { target: { value: 'Encore merci' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add the response' }));
    expect((await within(add).findByRole('alert')).textContent).toBe('the shortcut /merci is already used in this workspace');

    fireEvent.change(within(add).getByLabelText('Shortcut'), { target: { value: 'thanks' } });
    fireEvent.change(within(add).getByLabelText('Language'), { target: { value: 'en' } });
    fireEvent.change(within(add).getByLabelText('Text'), { target: { value: 'Thanks a lot!' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add the response' }));
    await screen.findByTestId('canned-thanks');
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ shortcut: 'thanks', text: 'Thanks a lot!', locale: 'en' });

    fireEvent.click(screen.getByRole('button', { name: 'Edit /merci' }));
    fireEvent.change(screen.getByDisplayValue('Merci!'), { target: { value: 'Merci beaucoup!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('canned-merci').textContent).toContain('Merci beaucoup!'));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ shortcut: 'merci', text: 'Merci beaucoup!', locale: 'fr' });

    fireEvent.click(screen.getByRole('button', { name: 'Delete /merci' }));
    await waitFor(() => expect(screen.queryByTestId('canned-merci')).toBeNull());
    await screen.findByText('Canned response /merci deleted.');
  });

  it('shows agents the responses without any way to change them', async () => {
    setup(false);
    await screen.findByTestId('canned-merci');
    expect(screen.getByText('Only team leads and administrators can change them.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
