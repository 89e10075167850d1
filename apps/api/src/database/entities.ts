import { RefreshTokenEntity } from '../modules/auth/refresh-token.entity';
import { ChannelEntity } from '../modules/channels/channel.entity';
import { ContactIdentityEntity } from '../modules/contacts/contact-identity.entity';
import { ContactEntity } from '../modules/contacts/contact.entity';
import { ConversationEventEntity } from '../modules/conversations/conversation-event.entity';
import { ConversationReadEntity } from '../modules/conversations/conversation-read.entity';
import { ConversationEntity } from '../modules/conversations/conversation.entity';
import { MessageEntity } from '../modules/conversations/message.entity';
import { PostEntity } from '../modules/conversations/post.entity';
import { AppSettingEntity } from '../modules/settings/app-setting.entity';
import { TeamMemberEntity } from '../modules/teams/team-member.entity';
import { TeamEntity } from '../modules/teams/team.entity';
import { UserEntity } from '../modules/users/user.entity';
import { WorkspaceMemberEntity } from '../modules/users/workspace-member.entity';
import { WorkspaceEntity } from '../modules/workspaces/workspace.entity';

/** Every entity the data source knows. Modules still register theirs with TypeOrmModule.forFeature. */
export const entities = [
  AppSettingEntity,
  WorkspaceEntity,
  UserEntity,
  WorkspaceMemberEntity,
  RefreshTokenEntity,
  TeamEntity,
  TeamMemberEntity,
  ChannelEntity,
  ContactEntity,
  ContactIdentityEntity,
  PostEntity,
  ConversationEntity,
  MessageEntity,
  ConversationEventEntity,
  ConversationReadEntity,
];
