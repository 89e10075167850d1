import type { Role } from '@babillard/contracts';
import { SetMetadata } from '@nestjs/common';

export const MIN_ROLE = 'babillard:minRole';

/** The least role a member needs in the route's workspace (agent < lead < admin). */
export const MinRole = (role: Role) => SetMetadata(MIN_ROLE, role);
