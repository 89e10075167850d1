import { roleAtLeast, type Message, type UpdateConversationRequest } from '@babillard/contracts';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../components/ui/toaster';
import { Composer, type ComposerHandle } from '../../features/composer/components/composer';
import { isLocalMessage, resendInput } from '../../features/composer/api/send-reply';
import { useApproveMessage } from '../../features/conversation/api/approve-message';
import { useConversation } from '../../features/conversation/api/get-conversation';
import { useMessages } from '../../features/conversation/api/get-messages';
import { useMarkRead } from '../../features/conversation/api/mark-read';
import { useRetryMessage } from '../../features/conversation/api/retry-message';
import { useUpdateConversation } from '../../features/conversation/api/update-conversation';
import { ActionsBar } from '../../features/conversation/components/actions-bar';
import { CollisionBanner } from '../../features/conversation/components/collision-banner';
import { ConversationHeader } from '../../features/conversation/components/conversation-header';
import { MessageThread } from '../../features/conversation/components/message-thread';
import { ThreadContext } from '../../features/conversation/components/thread-context';
import { useActivity } from '../../features/conversation/hooks/use-activity';
import { useViewingSignal } from '../../features/conversation/hooks/use-viewing-signal';
import { CustomerPanel } from '../../features/customer/components/customer-panel';
import { errorMessage } from '../../lib/api-client';
import { useTeams, useUsers, useWorkspace, useWorkspaceScope } from '../../lib/session';

export interface ConversationPaneHandle {
  compose(mode: 'reply' | 'note'): void;
  /** Resolves the conversation; false when there was nothing to resolve. */
  resolve(): boolean;
  assign(): void;
}

/** The open conversation (context, thread, actions, composer) and its customer panel. */
export const ConversationPane = forwardRef<ConversationPaneHandle, { conversationId: string; onOpen: (id: string) => void }>(function ConversationPane(
  { conversationId, onOpen },
  ref,
) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspaceId, me, role } = useWorkspaceScope();
  const detail = useConversation(workspaceId, conversationId);
  const thread = useMessages(workspaceId, conversationId);
  const users = useUsers(workspaceId).data ?? [];
  const teams = useTeams(workspaceId).data ?? [];
  const settings = useWorkspace(workspaceId).data?.settings;
  const activity = useActivity(workspaceId, conversationId);
  const update = useUpdateConversation(workspaceId, conversationId);
  const retry = useRetryMessage(workspaceId, conversationId);
  const markRead = useMarkRead(workspaceId);
  const approve = useApproveMessage(workspaceId, conversationId);
  const composerRef = useRef<ComposerHandle>(null);
  const assigneeRef = useRef<HTMLSelectElement>(null);
  useViewingSignal(workspaceId, conversationId);

  const c = detail.data;
  const change = (body: UpdateConversationRequest) =>
    update.mutate(body, { onError: (err) => toast(errorMessage(err), 'error') });

  useImperativeHandle(ref, () => ({
    compose: (mode) => composerRef.current?.focus(mode),
    resolve: () => {
      if (!c || c.status === 'resolved') return false;
      change({ status: 'resolved' });
      return true;
    },
    assign: () => {
      if (c && c.assigneeId !== me.id) change({ assigneeId: me.id });
      else assigneeRef.current?.focus();
    },
  }));

  const unread = c?.unreadCount ?? 0;
  const markReadMutate = markRead.mutate;
  useEffect(() => {
    if (unread > 0) markReadMutate(conversationId);
  }, [unread, conversationId, markReadMutate]);

  const inbound = useMemo(() => thread.messages.filter((m) => m.direction === 'inbound'), [thread.messages]);
  const notes = useMemo(() => thread.messages.filter((m) => m.direction === 'note'), [thread.messages]);
  const lastInboundAt = inbound.length
    ? new Date(inbound[inbound.length - 1].createdAt)
    : c?.lastMessage?.direction === 'inbound'
      ? new Date(c.lastMessage.createdAt)
      : null;
  const colleagues = useMemo(() => users.filter((u) => u.id !== me.id).map((u) => ({ id: u.id, name: u.name })), [users, me.id]);
  const lastServerMessageId = [...thread.messages].reverse().find((m) => !isLocalMessage(m))?.id ?? null;
  const assignee = c?.assigneeId ? { id: c.assigneeId, name: users.find((u) => u.id === c.assigneeId)?.name ?? '…' } : null;

  const onRetry = (m: Message) => (isLocalMessage(m) ? composerRef.current?.resend(resendInput(m)) : retry.mutate(m));

  if (detail.isError) return <section className="pane pane--conversation"><p role="alert">{errorMessage(detail.error)}</p></section>;
  if (!c) return <section className="pane pane--conversation"><p className="muted">{t('common.loading')}</p></section>;

  return (
    <>
      <section className="pane pane--conversation" aria-labelledby="conversation-title">
        <ConversationHeader conversation={c} />
        <CollisionBanner activity={activity} />
        <ActionsBar ref={assigneeRef} conversation={c} meId={me.id} users={users} teams={teams} onChange={change} busy={false} />
        <ThreadContext conversation={c} />
        <MessageThread
          messages={thread.messages}
          isLoading={thread.isLoading}
          hasOlder={thread.hasNextPage}
          loadOlder={() => void thread.fetchNextPage()}
          onRetry={onRetry}
          onApprove={roleAtLeast(role, 'lead') ? (m) => approve.mutate(m, { onError: (err) => toast(errorMessage(err), 'error') }) : undefined}
        />
        <Composer
          ref={composerRef}
          workspaceId={workspaceId}
          conversation={c}
          me={{ id: me.id, name: me.name }}
          lastInboundAt={lastInboundAt}
          inboundCount={thread.isSuccess ? inbound.length : null}
          lastMessageId={lastServerMessageId}
          softLock={settings?.softLock ?? false}
          assignee={assignee}
          replying={activity.filter((a) => a.typing && a.mode !== 'note')}
          colleagues={colleagues}
        />
      </section>
      <CustomerPanel conversation={c} notes={notes} onOpenConversation={(o) => onOpen(o.id)} />
    </>
  );
});
