import type { Conversation } from '@babillard/contracts';
import { forwardRef, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/ui/dialog';
import { useNow } from '../../../lib/use-now';
import { isStaleThread, newIdempotencyKey, useSendMessage, type SendInput } from '../api/send-reply';
import { matchCannedResponses, useCannedResponses } from '../api/get-canned-responses';
import { composerState, mentionedIds, mentionQuery, slashQuery } from '../hooks/composer-rules';
import { holdReasons, type HoldReason } from '../hooks/soft-lock';
import { useTypingSignal } from '../hooks/use-typing-signal';
import { SuggestionMenu } from './suggestion-menu';
import { EmojiPicker } from './emoji-picker';
import { LimitMeter } from './limit-meter';

/** How a colleague is written after @: their first name, or the whole name without spaces when needed. */
const mentionHandle = (name: string) => name.split(/\s+/)[0];

export interface ComposerHandle {
  focus(mode: 'reply' | 'note'): void;
  /** Sends a failed local message again with its idempotency key. */
  resend(input: SendInput): void;
}

interface Props {
  workspaceId: string;
  conversation: Conversation;
  me: { id: string; name: string };
  /** When the customer last wrote (the messaging window runs from it). */
  lastInboundAt: Date | null;
  /** Customer messages in the thread now (null while it loads); compared with the count when it was opened. */
  inboundCount: number | null;
  /** The newest message on screen, sent along under the soft lock so the server can refuse a stale reply. */
  lastMessageId: string | null;
  softLock: boolean;
  assignee: { id: string; name: string } | null;
  replying: { userId: string; userName: string }[];
  /** Who can be @mentioned in a note. */
  colleagues: { id: string; name: string }[];
}

export const Composer = forwardRef<ComposerHandle, Props>(function Composer(props, ref) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const id = useId();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [held, setHeld] = useState<HoldReason[] | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  // The thread as the agent first saw it: set once the messages have loaded, not while they load.
  const openedInbound = useRef<number | null>(props.inboundCount);
  if (openedInbound.current === null && props.inboundCount !== null) openedInbound.current = props.inboundCount;
  const { workspaceId, conversation } = props;

  const send = useSendMessage(workspaceId, conversation.id, { name: props.me.name, userId: props.me.id });
  const typing = useTypingSignal(workspaceId, conversation.id, mode);
  const canned = useCannedResponses(workspaceId).data ?? [];

  useImperativeHandle(ref, () => ({
    focus: (m) => {
      setMode(m);
      textareaRef.current?.focus();
    },
    resend: (input) => send.mutate(input),
  }));

  const state = composerState({ platform: conversation.platform, kind: conversation.kind, mode, text, lastInboundAt: props.lastInboundAt, now: new Date(now) });
  const mentions = useRef(new Map<string, string>());
  const slash = slashQuery(text, caret);
  const at = mode === 'note' ? mentionQuery(text, caret) : null;
  const trigger = at ?? slash;
  const { colleagues } = props;
  const suggestions = useMemo(() => {
    if (at) {
      return colleagues
        .filter((c) => c.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(at.query)) || c.name.toLowerCase().startsWith(at.query))
        .slice(0, 6)
        .map((c) => ({ key: c.id, label: `@${mentionHandle(c.name)}`, hint: c.name, insert: `@${mentionHandle(c.name)} `, mention: c }));
    }
    if (slash) {
      return matchCannedResponses(canned, slash.query, i18n.language === 'en' ? 'en' : 'fr').map((c) => ({
        key: c.id,
        label: `/${c.shortcut}`,
        hint: c.text,
        insert: c.text,
        mention: null,
      }));
    }
    return [];
  }, [at, slash, canned, colleagues, i18n.language]);
  useEffect(() => setActive(0), [trigger?.query]);

  const pick = (index: number) => {
    const s = suggestions[index];
    if (!s || !trigger) return;
    if (s.mention) mentions.current.set(s.mention.id, mentionHandle(s.mention.name));
    insertAt(trigger.start, caret, s.insert);
  };

  const insertAt = (start: number, end: number, value: string) => {
    const next = text.slice(0, start) + value + text.slice(end);
    setText(next);
    const pos = start + value.length;
    setCaret(pos);
    requestAnimationFrame(() => {
      textareaRef.current?.focus();
      textareaRef.current?.setSelectionRange(pos, pos);
    });
  };

  const doSend = () => {
    const body = text.trim();
    const expectedLastMessageId = props.softLock && mode === 'reply' && props.lastMessageId ? props.lastMessageId : undefined;
    const mentionedUserIds = mode === 'note' ? mentionedIds(body, mentions.current) : undefined;
    mentions.current.clear();
    send.mutate(
      { mode, text: body, idempotencyKey: newIdempotencyKey(), expectedLastMessageId, mentionedUserIds },
      {
        onError: (err) => {
          if (!isStaleThread(err)) return;
          setText((current) => current || body);
          setHeld([{ kind: 'server', message: err.message }]);
        },
      },
    );
    setText('');
    setCaret(0);
    setHeld(null);
    openedInbound.current = props.inboundCount;
    typing.stop();
  };

  const trySend = () => {
    if (!state.canSend) return;
    const reasons = holdReasons({
      enabled: props.softLock,
      mode,
      meId: props.me.id,
      assignee: props.assignee,
      replying: props.replying,
      newSinceOpened: (props.inboundCount ?? 0) - (openedInbound.current ?? props.inboundCount ?? 0),
    });
    if (reasons.length) setHeld(reasons);
    else doSend();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        e.preventDefault();
        pick(active);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      trySend();
    }
    if (e.key === 'Escape') e.currentTarget.blur();
  };

  const menuId = `${id}-canned`;
  return (
    <section className={`composer composer--${mode}`} aria-label={t('composer.title')}>
      <div className="composer__tabs" role="radiogroup" aria-label={t('composer.mode')}>
        {(['reply', 'note'] as const).map((m) => (
          <label key={m} className={mode === m ? 'tab tab--active' : 'tab'}>
            <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
            {t(`composer.${m}`)}
          </label>
        ))}
      </div>
      <label htmlFor={`${id}-text`} className="sr-only">
        {mode === 'reply' ? t('composer.replyLabel') : t('composer.noteLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        ref={textareaRef}
        rows={3}
        value={text}
        placeholder={mode === 'reply' ? t('composer.replyPlaceholder') : t('composer.notePlaceholder')}
        aria-describedby={`${id}-help`}
        aria-autocomplete="list"
        aria-controls={suggestions.length ? menuId : undefined}
        aria-activedescendant={suggestions.length ? `${menuId}-${active}` : undefined}
        aria-invalid={state.overLimit || undefined}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          typing.typed();
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={typing.stop}
      />
      <SuggestionMenu id={menuId} label={at ? t('composer.mentions') : t('composer.canned')} items={suggestions} active={active} onPick={pick} />
      <div className="composer__bar">
        <EmojiPicker onPick={(e) => insertAt(caret, caret, e)} />
        <LimitMeter state={state} now={now} />
        <span id={`${id}-help`} className="muted small">
          {t('composer.help')}
        </span>
        <button type="button" className="btn btn--primary" disabled={!state.canSend} onClick={trySend}>
          {mode === 'reply' ? t('composer.send') : t('composer.addNote')}
        </button>
      </div>
      <Dialog
        open={held !== null}
        title={t('softLock.title')}
        onClose={() => setHeld(null)}
        actions={
          <>
            <button
              type="button"
              className="btn"
              onClick={() => {
                openedInbound.current = props.inboundCount;
                setHeld(null);
              }}
            >
              {t('softLock.review')}
            </button>
            <button type="button" className="btn btn--danger" onClick={doSend}>
              {t('softLock.sendAnyway')}
            </button>
          </>
        }
      >
        <ul>
          {(held ?? []).map((r, i) => (
            <li key={i}>
              {r.kind === 'changed' ? t('softLock.changed', { count: r.count }) : r.kind === 'server' ? r.message : t(`softLock.${r.kind}`, { name: r.name })}
            </li>
          ))}
        </ul>
      </Dialog>
    </section>
  );
});
