import { Foundation1764100000000 } from './1764100000000-Foundation';
import { Ingestion1764200000000 } from './1764200000000-Ingestion';
import { Queue1764300000000 } from './1764300000000-Queue';
import { Replies1764400000000 } from './1764400000000-Replies';
import { Routing1764500000000 } from './1764500000000-Routing';
import { AppendOnlyTimelines1764600000000 } from './1764600000000-AppendOnlyTimelines';
import { TallyDecrementsInPlace1764600000001 } from './1764600000001-TallyDecrementsInPlace';
import { CannedResponses1764700000000 } from './1764700000000-CannedResponses';
import { RoutingConfigVersions1764710000000 } from './1764710000000-RoutingConfigVersions';
import { ConversationSearch1764720000000 } from './1764720000000-ConversationSearch';
import { GinWithoutPendingList1764730000000 } from './1764730000000-GinWithoutPendingList';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [
  Foundation1764100000000,
  Ingestion1764200000000,
  Queue1764300000000,
  Replies1764400000000,
  Routing1764500000000,
  AppendOnlyTimelines1764600000000,
  TallyDecrementsInPlace1764600000001,
  CannedResponses1764700000000,
  RoutingConfigVersions1764710000000,
  ConversationSearch1764720000000,
  GinWithoutPendingList1764730000000,
];
