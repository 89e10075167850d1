import { screen } from '@testing-library/react';
import { ConversationRow } from '../../features/inbox/components/conversation-row';
import { MessageBubble } from '../../features/conversation/components/message-bubble';
import { CustomerPanel } from '../../features/customer/components/customer-panel';
import { ThreadContext } from '../../features/conversation/components/thread-context';
import { conversation, detail, message } from '../../testing/fixtures';
import { renderWithProviders } from '../../testing/render';
import { safeHref, splitLinks } from './safe-text';

const HOSTILE = [
  '<script>window.__pwned = true</script>',
  '<img src=x onerror="window.__pwned = true">',
  '<a href="javascript:window.__pwned=true">clique</a>',
  'javascript:alert(1)',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
].join(' ');

function expectInert(container: HTMLElement) {
  expect(container.querySelector('script, img, svg, iframe')).toBeNull();
  for (const el of container.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) expect(attr.startsWith('on')).toBe(false);
  }
  for (const a of container.querySelectorAll('a')) {
    expect(a.getAttribute('href')).toMatch(/^https?:\/\//);
    expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(a.getAttribute('target')).toBe('_blank');
  }
  expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
}

describe('customer text is rendered as text', () => {
  it('shows script tags, event handlers and javascript: links literally in a message', () => {
    const { container } = renderWithProviders(<MessageBubble message={message({ text: HOSTILE, author: { name: '<b>Mallory</b>', handle: null } })} />);
    expectInert(container);
    expect(container.textContent).toContain('<script>window.__pwned = true</script>');
    expect(container.textContent).toContain('<img src=x onerror="window.__pwned = true">');
    expect(screen.getByText('<b>Mallory</b>')).toBeTruthy();
    expect(container.querySelector('b')).toBeNull();
  });

  it('makes only http(s) URLs into safe links', () => {
    const { container } = renderWithProviders(
      <MessageBubble message={message({ text: 'Voir https://cafeboreal.ca/commande?id=1. et javascript:alert(1) et data:text/html,<b>x</b>' })} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://cafeboreal.ca/commande?id=1']);
    expectInert(container);
  });

  it('keeps hostile names, excerpts, posts and notes inert in the list row, context and customer panel', () => {
    const c = conversation({
      contact: { id: 'x', name: '<img src=x onerror=alert(1)>', handle: '"><script>alert(1)</script>', followers: 5 },
      lastMessage: { text: HOSTILE, direction: 'inbound', createdAt: '2026-11-25T12:00:00Z' },
    });
    const row = renderWithProviders(<ConversationRow conversation={c} now={Date.parse('2026-11-25T12:10:00Z')} selected={false} assigneeName={null} />);
    expectInert(row.container);
    expect(row.container.textContent).toContain('<img src=x onerror=alert(1)>');

    const d = detail(c, {
      post: { id: 'p', externalId: 'e', text: HOSTILE, permalink: 'javascript:alert(document.cookie)' },
      identities: [{ id: 'i', platform: 'x', externalId: '1', handle: '<script>x</script>', displayName: '<svg onload=alert(1)>', followers: 3, verified: false }],
    });
    const ctx = renderWithProviders(<ThreadContext conversation={d} />);
    expectInert(ctx.container);
    // The javascript: permalink is not turned into a link.
    expect([...ctx.container.querySelectorAll('a')].map((a) => a.textContent)).not.toContain('Open the post');

    const panel = renderWithProviders(<CustomerPanel conversation={d} notes={[message({ direction: 'note', text: HOSTILE })]} onOpenConversation={() => undefined} />);
    expectInert(panel.container);
    expect(panel.container.textContent).toContain('<svg onload=alert(1)>');
  });
});

describe('safeHref / splitLinks', () => {
  it('refuses every scheme but http and https', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:text/html;base64,PHNjcmlwdD4=')).toBeNull();
    expect(safeHref('vbscript:msgbox')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeHref('https://ok.example/a')).toBe('https://ok.example/a');
  });

  it('leaves trailing punctuation out of links', () => {
    expect(splitLinks('(voir https://a.example/x).')).toEqual([
      { kind: 'text', text: '(voir ' },
      { kind: 'link', text: 'https://a.example/x', href: 'https://a.example/x' },
      { kind: 'text', text: ').' },
    ]);
  });
});
