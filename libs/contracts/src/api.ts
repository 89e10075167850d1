import type {
  Availability,
  ChannelStatus,
  ConversationKind,
  ConversationSort,
  ConversationStatus,
  DeliveryStatus,
  Locale,
  MessageDirection,
  Platform,
  Priority,
  QueueView,
  Role,
  RoutingCategory,
} from './enums';

/** Every JSON error the API sends. `message` names the problem (a field, a limit, a window). */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  /** Per-field details when a body failed validation. */
  details?: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- auth -------------------------------------------------------------------

export interface LoginRequest {
  email: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface LoginResponse extends AuthTokens {
  user: Me;
}

export interface MembershipSummary {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  availability: Availability;
  instanceAdmin: boolean;
  workspaces: MembershipSummary[];
}

export interface UpdateMeRequest {
  name?: string;
  locale?: Locale;
  availability?: Availability;
}

// ---- workspaces, teams, users, channels -----------------------------------

export interface WorkspaceSettings {
  /** Status a conversation takes when an agent replies. */
  statusAfterReply: ConversationStatus;
  /** IANA time zone used for business hours and reports. */
  timezone: string;
  /** A second agent must confirm before replying over a colleague. */
  softLock: boolean;
  /** Replies on crisis threads wait for a lead's approval. */
  crisisReplyApproval: boolean;
  /** Followers above which an author counts as high reach. */
  highReachFollowers: number;
}

export interface Workspace {
  id: string;
  name: string;
  settings: WorkspaceSettings;
  createdAt: string;
}

export interface CreateWorkspaceRequest {
  name: string;
}

export interface UpdateWorkspaceRequest {
  name?: string;
  settings?: Partial<WorkspaceSettings>;
}

export interface Team {
  id: string;
  workspaceId: string;
  name: string;
  memberIds: string[];
}

export interface CreateTeamRequest {
  name: string;
  memberIds?: string[];
}

export type UpdateTeamRequest = Partial<CreateTeamRequest>;

export interface WorkspaceUser {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  role: Role;
  availability: Availability;
  teamIds: string[];
}

export interface CreateUserRequest {
  email: string;
  name: string;
  /** Omitted when adding a user who already has an account in another workspace. */
  password?: string;
  role: Role;
  teamIds?: string[];
  locale?: Locale;
}

export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  teamIds?: string[];
  locale?: Locale;
  availability?: Availability;
}

export interface Channel {
  id: string;
  workspaceId: string;
  platform: Platform;
  externalId: string;
  name: string;
  defaultTeamId: string | null;
  status: ChannelStatus;
  hasAccessToken: boolean;
  /** Only for `api` channels, and only in the response that created the channel. */
  secret?: string;
  /** `api` channels: where replies are POSTed. */
  outboundUrl?: string | null;
  createdAt: string;
}

export interface CreateChannelRequest {
  platform: Platform;
  externalId: string;
  name: string;
  accessToken?: string;
  defaultTeamId?: string;
  outboundUrl?: string;
}

export interface UpdateChannelRequest {
  name?: string;
  accessToken?: string;
  defaultTeamId?: string | null;
  outboundUrl?: string | null;
}

// ---- conversations and messages -------------------------------------------

export interface ContactSummary {
  id: string;
  name: string | null;
  handle: string | null;
  followers: number | null;
  verified?: boolean;
  vip?: boolean;
}

export interface LastMessage {
  text: string;
  direction: MessageDirection;
  createdAt: string;
}

export interface Conversation {
  id: string;
  workspaceId: string;
  channelId: string;
  platform: Platform;
  kind: ConversationKind;
  status: ConversationStatus;
  priority: Priority;
  teamId: string | null;
  assigneeId: string | null;
  labels: string[];
  contact: ContactSummary;
  lastMessage: LastMessage | null;
  /** When the customer started waiting for an answer; null when nobody waits. */
  waitingSince: string | null;
  unreadCount: number;
  slaDueAt: string | null;
  crisisId: string | null;
  snoozedUntil: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  lastActivityAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface Identity {
  id: string;
  platform: Platform;
  externalId: string;
  handle: string | null;
  displayName: string | null;
  followers: number | null;
  verified: boolean;
}

export interface Post {
  id: string;
  externalId: string;
  text: string | null;
  permalink: string | null;
}

export interface ConversationDetail extends Conversation {
  post: Post | null;
  identities: Identity[];
  otherConversations: Conversation[];
}

export interface Attachment {
  type: string;
  url?: string;
  name?: string;
}

export interface MessageAuthor {
  name: string | null;
  handle: string | null;
  userId?: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  text: string;
  externalId: string | null;
  author: MessageAuthor;
  attachments: Attachment[];
  createdAt: string;
  deliveryStatus: DeliveryStatus | null;
  error: string | null;
  editedAt: string | null;
  deletedAt: string | null;
  /** Outbound replies on a crisis thread held for a lead's approval (POST messages/:id/approve). */
  awaitingApproval?: boolean;
}

export interface ConversationQuery {
  status?: ConversationStatus;
  teamId?: string;
  assigneeId?: string; // id | 'me' | 'none'
  channelId?: string;
  platform?: Platform;
  kind?: ConversationKind;
  priority?: Priority;
  label?: string;
  crisis?: boolean;
  q?: string;
  sort?: ConversationSort;
  cursor?: string;
  limit?: number;
  /** A named queue view; the console sends it for `my_teams` (the caller's teams), which no single filter expresses. */
  view?: QueueView;
}

export interface ConversationCounts {
  mine: number;
  unassigned: number;
  my_teams: number;
  all: number;
  crisis: number;
}

export interface UpdateConversationRequest {
  status?: ConversationStatus;
  priority?: Priority;
  teamId?: string | null;
  assigneeId?: string | null;
  labels?: string[];
  snoozedUntil?: string | null;
}

export interface BulkUpdateConversationsRequest extends UpdateConversationRequest {
  ids: string[];
}

export interface ReplyRequest {
  text: string;
  idempotencyKey: string;
  attachments?: Attachment[];
  /**
   * Soft lock: the id of the newest message the agent saw. When the customer wrote after it, the
   * reply is refused with 409 "the conversation changed since you opened it" and nothing is sent.
   */
  expectedLastMessageId?: string;
}

export interface NoteRequest {
  text: string;
  /** Colleagues to notify by id, in addition to `@name` / `@email-local-part` mentions in the text. */
  mentionedUserIds?: string[];
}

// ---- routing ------------------------------------------------------------------

export interface RoutingPreviewRequest {
  text: string;
  platform: Platform;
  kind: ConversationKind;
  author?: { followers?: number; verified?: boolean };
}

export interface RoutingPreviewResponse {
  category: RoutingCategory;
  language: string;
  intent: string;
  sentiment: { score: number; label: 'negative' | 'neutral' | 'positive' };
  crisisSignals: string[];
  teamId: string | null;
  priority: Priority;
  rules: { id: string; name: string; why: string }[];
  /** What the lexicon-and-rules detector alone said, before the learned layer weighed in. */
  detectorCategory?: RoutingCategory;
  /** The learned layer's probability per category. */
  model?: Record<RoutingCategory, number>;
}

export const ROUTING_INTENTS = ['after_sales', 'question', 'complaint', 'praise', 'spam', 'other'] as const;
export type RoutingIntent = (typeof ROUTING_INTENTS)[number];
export const CRISIS_SIGNAL_NAMES = ['safety', 'legal', 'reputation', 'press', 'official', 'strong_negativity', 'high_reach', 'verified'] as const;
export type CrisisSignalName = (typeof CRISIS_SIGNAL_NAMES)[number];
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** Every condition present must hold; a list matches when any of its values does. */
export interface RoutingRuleConditions {
  platforms?: Platform[];
  kinds?: ConversationKind[];
  channelIds?: string[];
  /** Words and phrases, accent- and case-insensitive, matched on whole words. */
  text?: { any?: string[]; all?: string[]; none?: string[] };
  languages?: ('fr' | 'en' | 'und')[];
  intents?: RoutingIntent[];
  sentiments?: SentimentLabel[];
  crisisSignals?: CrisisSignalName[];
  minFollowers?: number;
  maxFollowers?: number;
  verified?: boolean;
  vip?: boolean;
  /** Local time in the workspace's time zone; `outside: true` matches outside these hours. Days: 0 Sunday … 6 Saturday. */
  schedule?: { days?: number[]; from: string; to: string; outside?: boolean };
}

export interface RoutingRuleActions {
  teamId?: string;
  priority?: Priority;
  labels?: string[];
  assigneeId?: string;
  status?: ConversationStatus;
  notifyUserIds?: string[];
  notifyTeamIds?: string[];
  /** Counts the message toward crisis spike detection and attaches it to an open incident. */
  crisisCandidate?: boolean;
}

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  /** When the rule fires, later rules are skipped. */
  stopProcessing: boolean;
  conditions: RoutingRuleConditions;
  actions: RoutingRuleActions;
  createdAt: string;
  updatedAt: string;
}

export interface CreateRoutingRuleRequest {
  name: string;
  enabled?: boolean;
  stopProcessing?: boolean;
  conditions: RoutingRuleConditions;
  actions: RoutingRuleActions;
  /** 0-based; omitted → last. */
  position?: number;
}

export type UpdateRoutingRuleRequest = Partial<CreateRoutingRuleRequest>;

export interface ReorderRoutingRulesRequest {
  ids: string[];
}

export interface RerunRoutingRequest {
  /** Omitted → the workspace's open and pending conversations (most recent first, up to `limit`). */
  conversationIds?: string[];
  limit?: number;
}

export interface RerunRoutingResponse {
  processed: number;
  changed: number;
}

export interface RoutingSettings {
  crisisTeamId: string | null;
  spikeWindowMinutes: number;
  spikeMinCount: number;
  spikeFactor: number;
  baselineHours: number;
  /** An open incident with no new crisis-signal message for this long closes by itself (0 = never). */
  crisisQuietMinutes: number;
}

/** A workspace's additions to the built-in lexicons, per list and language. */
export interface RoutingLexiconExtension {
  intents?: Partial<Record<Exclude<RoutingIntent, 'other'>, { fr?: string[]; en?: string[] }>>;
  sentiment?: { negators?: string[]; intensifiers?: string[]; words?: Record<string, number> };
  crisis?: Partial<
    Record<
      | 'safety'
      | 'safetyWeak'
      | 'legal'
      | 'identityWeak'
      | 'bodyParts'
      | 'harm'
      | 'persons'
      | 'symptoms'
      | 'allergens'
      | 'allergenIncident'
      | 'reputation'
      | 'media'
      | 'mediaContact'
      | 'press'
      | 'pressAuthors'
      | 'officialAuthors',
      { fr?: string[]; en?: string[] }
    >
  >;
  /** Clues that decide together with others: problems with a purchase, defects, products, harmless idioms… */
  cues?: Partial<
    Record<
      | 'problem'
      | 'defectWeak'
      | 'workingStates'
      | 'products'
      | 'usage'
      | 'purchased'
      | 'preSales'
      | 'request'
      | 'sarcasm'
      | 'quantities'
      | 'cause'
      | 'idioms',
      { fr?: string[]; en?: string[] }
    >
  >;
}

export interface CrisisIncidentDetail {
  id: string;
  title: string;
  status: 'open' | 'closed';
  reason: string;
  openedBy: 'detector' | 'user';
  openedAt: string;
  closedAt: string | null;
  mergedIntoId: string | null;
  conversationIds: string[];
  timeline: { id: string; type: string; actorUserId: string | null; data: Record<string, unknown>; createdAt: string }[];
}

export interface OpenCrisisRequest {
  title: string;
  reason?: string;
  conversationIds?: string[];
}

export interface MergeCrisesRequest {
  /** Incidents folded into this one; they close, their threads move here. */
  incidentIds: string[];
}

// ---- health -------------------------------------------------------------------

export interface HealthResponse {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  version: string;
}
