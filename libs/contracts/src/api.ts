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
}

export interface NoteRequest {
  text: string;
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
}

// ---- health -------------------------------------------------------------------

export interface HealthResponse {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  version: string;
}
