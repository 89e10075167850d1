import { messagingWindowState, replyLengthLimit, type ConversationKind, type Platform } from '@babillard/contracts';

export interface ComposerState {
  length: number;
  /** null for notes: they never leave Babillard. */
  limit: number | null;
  overLimit: boolean;
  window: { applies: boolean; open: boolean; closesAt: Date | null };
  canSend: boolean;
}

/** Characters as the platforms count them: code points, so an emoji is one, not two UTF-16 units. */
export const countChars = (text: string) => Array.from(text).length;

export function composerState(opts: {
  platform: Platform;
  kind: ConversationKind;
  mode: 'reply' | 'note';
  text: string;
  lastInboundAt: Date | null;
  now?: Date;
}): ComposerState {
  const length = countChars(opts.text);
  const empty = opts.text.trim().length === 0;
  if (opts.mode === 'note') {
    return { length, limit: null, overLimit: false, window: { applies: false, open: true, closesAt: null }, canSend: !empty };
  }
  const limit = replyLengthLimit(opts.platform, opts.kind);
  const state = messagingWindowState(opts.platform, opts.kind, opts.lastInboundAt, opts.now ?? new Date());
  const applies = opts.kind === 'dm' && (opts.platform === 'facebook' || opts.platform === 'instagram' || opts.platform === 'whatsapp');
  const overLimit = length > limit;
  return { length, limit, overLimit, window: { applies, ...state }, canSend: !empty && !overLimit && state.open };
}

/** The `/word` being typed at the caret, for canned responses; null when the caret is elsewhere. */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  return triggerQuery('/', text, caret);
}

/** The `@name` being typed at the caret, for mentions in notes. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  return triggerQuery('@', text, caret);
}

function triggerQuery(trigger: '/' | '@', text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = new RegExp(`(^|\\s)[${trigger}]([\\p{L}\\p{N}_.-]*)$`, 'u').exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2].toLowerCase() };
}

/** Colleagues whose `@Name` is still in the note (mentions removed by editing no longer notify). */
export function mentionedIds(text: string, picked: ReadonlyMap<string, string>): string[] {
  return [...picked].filter(([, handle]) => text.includes(`@${handle}`)).map(([id]) => id);
}
