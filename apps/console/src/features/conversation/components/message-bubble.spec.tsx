import { fireEvent, screen } from '@testing-library/react';
import { message } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { MessageBubble } from './message-bubble';

describe('MessageBubble delivery states', () => {
  it('shows each delivery state of a reply in the agent’s language', () => {
    for (const [status, label] of [['pending', 'Envoi…'], ['sent', 'Envoyé'], ['delivered', 'Remis'], ['read', 'Lu']] as const) {
      const { container, unmount } = renderWithProviders(<MessageBubble message={message({ direction: 'outbound', deliveryStatus: status })} />, { locale: 'fr' });
      expect(container.querySelector('[data-delivery-status]')?.textContent).toBe(label);
      unmount();
    }
  });

  it('shows a failure with the platform’s reason and a retry action', () => {
    const onRetry = jest.fn();
    const m = message({ direction: 'outbound', deliveryStatus: 'failed', error: '(#10) This message is sent outside of allowed window.' });
    renderWithProviders(<MessageBubble message={m} onRetry={onRetry} />);
    expect(screen.getByText('(#10) This message is sent outside of allowed window.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith(m);
  });

  it('flags a reply held for approval and lets a lead approve it', () => {
    const onApprove = jest.fn();
    const m = message({ direction: 'outbound', deliveryStatus: 'pending', awaitingApproval: true });
    const { rerender } = renderWithProviders(<MessageBubble message={m} />);
    expect(screen.getByText("Held for a lead's approval (crisis thread)")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve and send' })).toBeNull();
    rerender(<MessageBubble message={m} onApprove={onApprove} />);
    fireEvent.click(screen.getByRole('button', { name: 'Approve and send' }));
    expect(onApprove).toHaveBeenCalledWith(m);
  });
});
